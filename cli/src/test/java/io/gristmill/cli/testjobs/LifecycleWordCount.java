package io.gristmill.cli.testjobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.util.Map;

/**
 * Word count whose tasks misbehave on request, for the attempt lifecycle's process tests:
 * <ul>
 *   <li>{@code hangTask} (+ {@code hangAttempt}, default 1): that attempt sleeps in setup without reading anything
 *       (interruptible): the task timeout's case;</li>
 *   <li>{@code slowTask} (+ {@code slowMillisPerLine}): attempt 1 of that task sleeps on every line, making progress
 *       slowly: a straggler for speculation;</li>
 *   <li>{@code badWord}: the mapper throws on every line containing it, in every attempt: bad records;</li>
 *   <li>{@code failOnProperty}: the mapper throws in setup when that JVM system property is "true": a bad worker;</li>
 *   <li>{@code spinForever=true}: the mapper loops for ever and ignores interrupts: a task that cannot be stopped;</li>
 *   <li>{@code reduceSleepMillis}: every reducer sleeps that long in setup (interruptible): reducers that hold
 *       their slots.</li>
 * </ul>
 */
public final class LifecycleWordCount implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(MisbehavingMapper::new)
                .reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs())
                .build();
    }

    public static volatile long spins;

    static final class MisbehavingMapper implements Mapper<MutableLong, Text, Text, MutableLong> {
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);
        private String badWord;
        private long slowMillisPerLine;

        @Override
        public void setup(TaskContext context) throws InterruptedException {
            String property = context.param("failOnProperty");
            if (property != null && Boolean.getBoolean(property)) {
                throw new IllegalStateException("this worker is bad (" + property + "=true)");
            }
            boolean mine = context.taskId().equals(context.param("hangTask"));
            if (mine && context.attemptNumber() == Integer.parseInt(context.param("hangAttempt", "1"))) {
                Thread.sleep(Long.MAX_VALUE);
            }
            if (Boolean.parseBoolean(context.param("spinForever", "false"))) {
                System.out.println("spinning for ever");
                while (spins >= 0) {
                    spins++;
                }
            }
            badWord = context.param("badWord");
            if (context.taskId().equals(context.param("slowTask")) && context.attemptNumber() == 1) {
                slowMillisPerLine = Long.parseLong(context.param("slowMillisPerLine", "100"));
            }
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws Exception {
            String text = line.toString();
            if (badWord != null && text.contains(badWord)) {
                throw new IllegalArgumentException("bad record: '" + text + "'");
            }
            if (slowMillisPerLine > 0) {
                Thread.sleep(slowMillisPerLine);
            }
            Words.emitEach(text, word, one, out);
        }
    }

    static final class SumReducer implements Reducer<Text, MutableLong, Text, MutableLong> {
        private final MutableLong sum = new MutableLong();

        @Override
        public void setup(TaskContext context) throws InterruptedException {
            Thread.sleep(Long.parseLong(context.param("reduceSleepMillis", "0")));
        }

        @Override
        public void reduce(Text key, Iterable<MutableLong> values, Emitter<Text, MutableLong> out) throws Exception {
            long total = 0;
            for (MutableLong v : values) {
                total += v.get();
            }
            out.emit(key, sum.set(total));
        }
    }
}
