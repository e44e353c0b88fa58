package io.gristmill.worker.internal.data;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;
import io.gristmill.api.TextInputFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A map attempt that fails in the mapper names the record; a later attempt told to skip it succeeds without it. */
class BadRecordSkippingTest {
    private static final int LINES = 10_000;
    /** Lines on which the mapper throws; 4096 and 8191 sit on and just before the runner's every-4096 check. */
    private static final List<Integer> POISONED = List.of(17, 4096, 8191);

    @TempDir
    Path dir;
    private Path input;
    private final List<String> lines = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();

    /** Throws on poisoned lines with a two-line message; otherwise emits the line. */
    static class PickyMapper implements Mapper<MutableLong, Text, String, None> {
        @Override
        public void map(MutableLong offset, Text line, Emitter<String, None> out) throws Exception {
            String text = line.toString();
            if (text.contains("POISON")) {
                throw new IllegalArgumentException("cannot map '" + text + "'\nsecond line of the message");
            }
            out.emit(text, None.INSTANCE);
        }
    }

    @BeforeEach
    void writeInput() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            String line = "line " + i + (POISONED.contains(i) ? " POISON" : "") + " x".repeat(i % 13);
            offsets.add((long) text.length());
            lines.add(line);
            text.append(line).append(i % 5 == 0 ? "\r\n" : "\n");
        }
        input = dir.resolve("input.txt");
        Files.writeString(input, text, StandardCharsets.US_ASCII);
    }

    private Job mapOnly() {
        return Job.builder().mapper(PickyMapper::new).mapOutput(Serdes.string(), Serdes.none()).build();
    }

    private Job withReducer() {
        return Job.builder().mapper(PickyMapper::new).reducer(() -> (k, vs, out) -> out.emit(k, None.INSTANCE))
                .mapOutput(Serdes.string(), Serdes.none()).build();
    }

    private SimpleTaskContext context(long start, long end) {
        return TestSupport.mapContext(0, 2, new InputSplit(input.toString(), start, end - start));
    }

    private SimpleTaskContext wholeFile() throws IOException {
        return context(0, Files.size(input));
    }

    private MapRunner runMapOnly(SimpleTaskContext ctx, long... skip) throws Exception {
        MapRunner runner = new MapRunner(mapOnly(), ctx, () -> false, skip);
        runner.runMapOnly(dir.resolve("part-m-00000"));
        return runner;
    }

    @Test
    void whenTheMapperThrowsOnARecord_thenTheFailureNamesItsIndexFileOffsetAndFirstLineOfTheError() throws Exception {
        MapRunner runner = new MapRunner(withReducer(), wholeFile(), () -> false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.run(2, 1 << 20, dir.resolve("spills"), dir.resolve("map")));
        assertEquals(new FailedRecord(17, input.toString(), offsets.get(17),
                "java.lang.IllegalArgumentException: cannot map '" + lines.get(17) + "'"), runner.failedRecord());
        assertEquals("cannot map '" + lines.get(17) + "'\nsecond line of the message", e.getMessage(),
                "the attempt fails with the mapper's own exception");
    }

    @Test
    void aRecordsIndexCountsFromTheFirstLineOfItsSplit() throws Exception {
        long start = offsets.get(4000) - 3; // inside line 3999: the split's first line is line 4000
        SimpleTaskContext ctx = context(start, Files.size(input));
        MapRunner runner = new MapRunner(mapOnly(), ctx, () -> false);
        assertThrows(IllegalArgumentException.class, () -> runner.runMapOnly(dir.resolve("part-m-00000")));
        assertEquals(96, runner.failedRecord().index());
        assertEquals(offsets.get(4096), runner.failedRecord().offset());
    }

    @Test
    void whenRerunWithTheFailedRecordsSkipped_thenTheOutputLacksExactlyThoseAndCountsThem() throws Exception {
        List<Long> skip = new ArrayList<>();
        SimpleTaskContext ctx;
        while (true) { // what the coordinator does: each failure adds its record to the next attempt's list
            ctx = wholeFile();
            MapRunner runner = new MapRunner(mapOnly(), ctx, () -> false,
                    skip.stream().mapToLong(Long::longValue).toArray());
            try {
                runner.runMapOnly(dir.resolve("part-m-00000"));
                break;
            } catch (IllegalArgumentException e) {
                skip.add(runner.failedRecord().index());
            }
        }
        assertEquals(List.of(17L, 4096L, 8191L), skip);
        List<String> expected = new ArrayList<>(lines);
        expected.removeIf(l -> l.contains("POISON"));
        assertEquals(expected, Files.readAllLines(dir.resolve("part-m-00000")));
        assertEquals(3, ctx.counterValue(Counters.GROUP, Counters.SKIPPED_RECORDS));
        assertEquals(LINES, ctx.counterValue(Counters.GROUP, Counters.MAP_INPUT_RECORDS),
                "a skipped record still counts as read");
        assertEquals(LINES - 3, ctx.counterValue(Counters.GROUP, Counters.MAP_OUTPUT_RECORDS));
    }

    @Test
    void skippingWorksOnTheSortedMapOutputPathToo() throws Exception {
        SimpleTaskContext ctx = wholeFile();
        MapOutput out = new MapRunner(withReducer(), ctx, () -> false, new long[] {8191, 17, 4096, 17})
                .run(2, 1 << 20, dir.resolve("spills"), dir.resolve("map"));
        long records = 0;
        for (int p = 0; p < 2; p++) {
            records += TestSupport.readSorted(out.segment(p), io.gristmill.api.RawComparator.BYTES).size();
        }
        assertEquals(LINES - 3, records);
        assertEquals(3, ctx.counterValue(Counters.GROUP, Counters.SKIPPED_RECORDS));
        assertEquals(LINES, ctx.counterValue(Counters.GROUP, Counters.MAP_INPUT_RECORDS));
    }

    @Test
    void anAttemptWithNothingToSkipHasNoSkippedRecordsCounter() throws Exception {
        SimpleTaskContext ctx = context(0, offsets.get(10));
        runMapOnly(ctx);
        assertEquals(false, ctx.counters().getOrDefault(Counters.GROUP, java.util.Map.of())
                .containsKey(Counters.SKIPPED_RECORDS));
    }

    @Test
    void whenTheReaderFails_thenNoRecordIsBlamed() throws Exception {
        Job job = Job.builder().mapper(PickyMapper::new).mapOutput(Serdes.string(), Serdes.none())
                .inputFormat(new TextInputFormat(20)).build();
        MapRunner runner = new MapRunner(job, wholeFile(), () -> false, new long[] {17});
        IOException e = assertThrows(IOException.class, () -> runner.runMapOnly(dir.resolve("part-m-00000")));
        assertEquals(true, e.getMessage().contains("maxLineLength"), e.getMessage());
        assertNull(runner.failedRecord());
    }

    @Test
    void whenTheOutputFailsDuringMap_thenNoRecordIsBlamed() throws Exception {
        Job job = Job.builder().mapper(PickyMapper::new).reducer(() -> (k, vs, out) -> { })
                .mapOutput(Serdes.string(), Serdes.none())
                .partitioner((key, bytes, off, len, n) -> key.toString().startsWith("line 5") ? n : 0).build();
        MapRunner runner = new MapRunner(job, wholeFile(), () -> false, new long[] {17, 4096, 8191});
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runner.run(2, 1 << 20, dir.resolve("spills"), dir.resolve("map")));
        assertEquals(true, e.getMessage().startsWith("partitioner returned"), e.getMessage());
        assertNull(runner.failedRecord());
    }

    @Test
    void whenSetupOrCleanupThrows_thenNoRecordIsBlamed() throws Exception {
        Job job = Job.builder().mapper(() -> new PickyMapper() {
            @Override
            public void cleanup(Emitter<String, None> out) {
                throw new IllegalStateException("cleanup failed");
            }
        }).mapOutput(Serdes.string(), Serdes.none()).build();
        MapRunner runner = new MapRunner(job, wholeFile(), () -> false, new long[] {17, 4096, 8191});
        assertThrows(IllegalStateException.class, () -> runner.runMapOnly(dir.resolve("part-m-00000")));
        assertNull(runner.failedRecord());
    }
}
