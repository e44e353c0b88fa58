package io.gristmill.cli.testjobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.PlanContext;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;
import io.gristmill.api.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Word count whose mapper throws on lines containing the parameter {@code failOn}; with {@code firstAttemptOnly=true}
 * it throws only in an attempt's first try. It reuses one key and one value object for every emit and has no
 * combiner, so every pair goes through the sort buffer. Crash testing parameters (see {@link Chaos}):
 * {@code mapSleepMillis}, {@code reduceSleepMillis}, {@code haltProbability} + {@code seed}, {@code haltTask}.
 * The mapper counts its lines in the user counter {@code words.lines}, and announces its setup on
 * {@code System.out}, {@code System.err} and through SLF4J (for the attempt log tests).
 */
public final class FlakyWordCount implements JobDefinition {
    /** Planning takes {@code planSleepMillis}, and holds with {@code holdTask=plan} (so that a test can act while the job plans). */
    @Override
    public void plan(PlanContext context) throws Exception {
        Chaos.holdWhileFileExists("plan", context.params());
        long sleep = Long.parseLong(context.params().getOrDefault("planSleepMillis", "0"));
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
    }

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(FlakyMapper::new)
                .reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs())
                .build();
    }

    static final class FlakyMapper implements Mapper<MutableLong, Text, Text, MutableLong> {
        private static final Logger log = LoggerFactory.getLogger(FlakyMapper.class);
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);
        private String failOn;
        private boolean shouldFail;

        private Chaos chaos;
        private Counter lines;

        @Override
        public void setup(TaskContext context) {
            chaos = new Chaos(context);
            failOn = context.param("failOn");
            boolean firstOnly = Boolean.parseBoolean(context.param("firstAttemptOnly", "false"));
            shouldFail = failOn != null && (!firstOnly || context.attemptNumber() == 1);
            lines = context.counter("words", "lines");
            System.out.println("stdout: flaky mapper set up for " + context.attemptId());
            System.err.println("stderr: flaky mapper set up for " + context.attemptId());
            log.info("slf4j: flaky mapper set up for {}", context.attemptId());
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws Exception {
            String text = line.toString();
            lines.increment();
            if (shouldFail && text.contains(failOn)) {
                throw new IllegalStateException("poisoned record at offset " + offset.get());
            }
            Words.emitEach(text, word, one, out);
        }

        @Override
        public void cleanup(Emitter<Text, MutableLong> out) throws InterruptedException {
            chaos.strike("mapSleepMillis");
        }
    }

    static final class SumReducer implements Reducer<Text, MutableLong, Text, MutableLong> {
        private final MutableLong sum = new MutableLong();

        @Override
        public void setup(TaskContext context) throws InterruptedException {
            new Chaos(context).strike("reduceSleepMillis");
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
