package io.gristmill.worker.internal.data;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Activity (records read plus records emitted) moves while an attempt works, as seen from another thread. */
class ActivityTest {
    private static final int LINES = 3000;

    @TempDir
    Path dir;

    /** Emits two pairs per line; on lines 1000 and 2000 it first hands control to the test and waits for it back. */
    static final class PausingMapper implements Mapper<MutableLong, Text, Text, None> {
        final SynchronousQueue<Integer> paused = new SynchronousQueue<>();
        final SynchronousQueue<Boolean> resume = new SynchronousQueue<>();
        private int line;

        @Override
        public void map(MutableLong offset, Text text, Emitter<Text, None> out) throws Exception {
            out.emit(text, None.INSTANCE);
            out.emit(text, None.INSTANCE);
            if (line == 1000 || line == 2000) {
                paused.put(line);
                resume.take();
            }
            line++;
        }
    }

    private Path input() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            text.append("line ").append(i).append('\n');
        }
        return Files.writeString(dir.resolve("input.txt"), text);
    }

    @Test
    void aMapAttemptsActivityMovesWhileTheMapperRuns() throws Exception {
        Path input = input();
        PausingMapper mapper = new PausingMapper();
        Job job = Job.builder().mapper(() -> mapper).reducer(() -> (k, vs, out) -> { })
                .mapOutput(Serdes.text(), Serdes.none()).build();
        MapRunner runner = new MapRunner(job,
                TestSupport.mapContext(0, 1, new InputSplit(input.toString(), 0, Files.size(input))), () -> false);
        assertEquals(0, runner.activity());
        CompletableFuture<MapOutput> done = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(1, 1 << 20, dir.resolve("spills"), dir.resolve("map"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(1000, mapper.paused.poll(10, TimeUnit.SECONDS));
        assertEquals(1000 + 2 * 1001, runner.activity(), "1000 lines read, 2 pairs emitted for each of 1001");
        mapper.resume.put(true);
        assertEquals(2000, mapper.paused.poll(10, TimeUnit.SECONDS));
        assertEquals(2000 + 2 * 2001, runner.activity());
        mapper.resume.put(true);
        done.get(10, TimeUnit.SECONDS);
        assertEquals(3 * LINES, runner.activity());
    }

    @Test
    void aMapOnlyAttemptCountsTheRecordsItWrites() throws Exception {
        Path input = input();
        Job job = Job.builder().mapper(() -> (Mapper<MutableLong, Text, Text, None>) (k, v, out) -> {
            out.emit(v, None.INSTANCE);
        }).mapOutput(Serdes.text(), Serdes.none()).build();
        MapRunner runner = new MapRunner(job,
                TestSupport.mapContext(0, 0, new InputSplit(input.toString(), 0, Files.size(input))), () -> false);
        runner.runMapOnly(dir.resolve("part-m-00000"));
        assertEquals(2 * LINES, runner.activity());
    }

    @Test
    void aReduceAttemptCountsRecordsMergedReadAndWritten() throws Exception {
        List<Segment> segments = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            List<TestSupport.Rec> run = new ArrayList<>();
            for (long k = 0; k < 100; k++) {
                run.add(new TestSupport.Rec(TestSupport.ser(Serdes.longs(), k), new byte[0]));
            }
            segments.add(TestSupport.writeRun(dir.resolve("seg-" + s), run));
        }
        Job job = Job.builder().mapper(() -> (k, v, out) -> { })
                .reducer(() -> (Object key, Iterable<Object> values, Emitter<Object, Object> out) ->
                        out.emit(key, None.INSTANCE))
                .mapOutput(Serdes.longs(), Serdes.none()).build();
        ReduceRunner runner = new ReduceRunner(job, TestSupport.reduceContext(0, 1), () -> false, 2, 4096);
        runner.run(segments, dir.resolve("tmp"), dir.resolve("part-r-00000"));
        // merge factor 2 over 5 runs of 100 merges the two smallest until two are left: 200, then 200, then 300
        long merged = 200 + 200 + 300;
        assertEquals(merged + 500 + 100, runner.activity(), "merged, then read by the final merge, then written");
    }
}
