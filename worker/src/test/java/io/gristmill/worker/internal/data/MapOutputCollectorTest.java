package io.gristmill.worker.internal.data;

import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.MutableLong;
import io.gristmill.api.RawComparator;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapOutputCollectorTest {
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 200_000;

    @TempDir
    Path dir;

    private enum CombinerKind { NONE, REDUCER, MERGE, LONG_SUM }

    private static Job job(CombinerKind kind) {
        Job.Builder b = Job.builder().mapper(() -> (k, v, out) -> { })
                .reducer(SumReducer::new);
        if (kind == CombinerKind.LONG_SUM) {
            return b.mapOutput(Serdes.string(), Serdes.mutableLongs()).mergeCombiner(MergeCombiner.sumOfLongs())
                    .build();
        }
        b.mapOutput(Serdes.string(), Serdes.longs());
        if (kind == CombinerKind.REDUCER) {
            b.combiner(SumReducer::new);
        } else if (kind == CombinerKind.MERGE) {
            b.mergeCombiner((Long a, Long v) -> a + v);
        }
        return b.build();
    }

    static final class SumReducer implements Reducer<String, Long, String, Long> {
        @Override
        public void reduce(String key, Iterable<Long> values, io.gristmill.api.Emitter<String, Long> out)
                throws Exception {
            long sum = 0;
            for (Long v : values) {
                sum += v;
            }
            out.emit(key, sum);
        }
    }

    private static String randomWord(Random rnd, int vocabulary) {
        int id = rnd.nextInt(vocabulary);
        // 2 to 27 bytes: keys held whole in the aggregator's table, and keys longer than what it holds inline
        return "w" + Integer.toString(id * 7919 % 100_003, 36) + "x".repeat(id % 23);
    }

    private void spillsAndMergesCorrectly(CombinerKind kind) throws Exception {
        Job job = job(kind);
        SimpleTaskContext ctx = TestSupport.mapContext(0, PARTITIONS, new InputSplit("/none", 0, 0));
        MapOutputCollector collector = new MapOutputCollector(job, PARTITIONS, 64 << 10, dir.resolve("spill"),
                dir.resolve("map-0"), ctx);
        Random rnd = new Random(42);
        Map<String, Long> expectedSums = new TreeMap<>();
        Map<String, Long> expectedCounts = new TreeMap<>();
        MutableLong holder = new MutableLong(); // reused, as a mapper may
        for (int i = 0; i < RECORDS; i++) {
            String w = randomWord(rnd, 20_000);
            long v = rnd.nextInt(1000) - 500;
            collector.emit(w, kind == CombinerKind.LONG_SUM ? holder.set(v) : v);
            expectedSums.merge(w, v, Long::sum);
            expectedCounts.merge(w, 1L, Long::sum);
        }
        MapOutput output = collector.close();

        assertTrue(ctx.counterValue(Counters.GROUP, Counters.SPILLS) > 1, "the small buffer spilled");
        assertEquals(RECORDS, ctx.counterValue(Counters.GROUP, Counters.MAP_OUTPUT_RECORDS));
        assertEquals(output.partitions(), MapOutputIndex.read(output.indexFile()));
        try (Stream<Path> files = Files.list(dir.resolve("spill"))) {
            assertEquals(0, files.count(), "spill files are deleted");
        }

        Map<String, Long> sums = new TreeMap<>();
        Map<String, Long> records = new TreeMap<>();
        long previousEnd = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            PartitionInfo info = output.partitions().get(p);
            assertEquals(previousEnd, info.offset());
            previousEnd = info.offset() + info.length();
            SegmentReader.verify(output.segment(p), info, 4096);
            for (TestSupport.Rec r : TestSupport.readSorted(output.segment(p), RawComparator.BYTES)) {
                assertEquals(p, TestSupport.partitionOf(r.key(), PARTITIONS));
                String k = new String(r.key(), StandardCharsets.UTF_8);
                sums.merge(k, Serdes.longs().read(r.value(), 0, r.value().length, null), Long::sum);
                records.merge(k, 1L, Long::sum);
            }
        }
        assertEquals(Files.size(output.dataFile()), previousEnd);
        assertEquals(expectedSums, sums);
        if (kind == CombinerKind.NONE) {
            assertEquals(expectedCounts, records, "every record exactly once");
        } else {
            for (Long n : records.values()) {
                assertEquals(1L, n, "combined across spills: one record per key");
            }
            assertTrue(ctx.counterValue(Counters.GROUP, Counters.COMBINE_INPUT_RECORDS) >= RECORDS);
        }
    }

    @Test
    void aSmallSortBufferSpillsAndTheMergedOutputIsSortedPerPartitionWithEveryRecordOnce() throws Exception {
        spillsAndMergesCorrectly(CombinerKind.NONE);
    }

    @Test
    void aReducerCombinerCombinesWithinAndAcrossSpills() throws Exception {
        spillsAndMergesCorrectly(CombinerKind.REDUCER);
    }

    @Test
    void aMergeCombinerAggregatesInTheHashTableAndAcrossSpills() throws Exception {
        spillsAndMergesCorrectly(CombinerKind.MERGE);
    }

    @Test
    void theBuiltInLongSumAggregatesAsPrimitivesInTheHashTableAndAcrossSpills() throws Exception {
        spillsAndMergesCorrectly(CombinerKind.LONG_SUM);
    }

    @Test
    void outputThatFitsInMemoryIsWrittenWithoutSpilling() throws Exception {
        Job job = job(CombinerKind.NONE);
        SimpleTaskContext ctx = TestSupport.mapContext(0, 3, new InputSplit("/none", 0, 0));
        MapOutputCollector collector = new MapOutputCollector(job, 3, 16 << 20, dir.resolve("spill"),
                dir.resolve("m"), ctx);
        for (int i = 0; i < 1000; i++) {
            collector.emit("k" + (i % 100), (long) i);
        }
        MapOutput out = collector.close();
        assertEquals(0, ctx.counterValue(Counters.GROUP, Counters.SPILLS));
        assertEquals(1000, out.totalRecords());
        assertFalse(Files.exists(dir.resolve("spill")));
    }

    @Test
    void corruptionIsDetectedByLengthAndCrcVerification() throws Exception {
        Job job = job(CombinerKind.NONE);
        SimpleTaskContext ctx = TestSupport.mapContext(0, 2, new InputSplit("/none", 0, 0));
        MapOutputCollector collector = new MapOutputCollector(job, 2, 1 << 20, dir.resolve("spill"),
                dir.resolve("m"), ctx);
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            collector.emit(randomWord(rnd, 500), rnd.nextLong());
        }
        MapOutput out = collector.close();
        PartitionInfo p1 = out.partitions().get(1);
        SegmentReader.verify(out.segment(1), p1, 4096);

        // a flipped byte inside a value of partition 1
        byte[] data = Files.readAllBytes(out.dataFile());
        int pos = (int) (p1.offset() + p1.length() - 3);
        data[pos] ^= 0x5a;
        Path corrupt = dir.resolve("corrupt.data");
        Files.write(corrupt, data);
        CorruptSegmentException e = assertThrows(CorruptSegmentException.class,
                () -> SegmentReader.verify(new Segment(corrupt, p1.offset(), p1.length()), p1, 4096));
        assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());

        // a truncated fetch
        Path truncated = dir.resolve("truncated.data");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(out.dataFile()),
                (int) (p1.offset() + p1.length() - 10)));
        assertThrows(IOException.class,
                () -> SegmentReader.verify(new Segment(truncated, p1.offset(), p1.length()), p1, 4096));
        // a segment of the wrong length
        assertThrows(CorruptSegmentException.class,
                () -> SegmentReader.verify(new Segment(out.dataFile(), p1.offset(), p1.length() - 1), p1, 4096));

        // a corrupt index
        byte[] index = Files.readAllBytes(out.indexFile());
        index[20] ^= 1;
        Path badIndex = dir.resolve("bad.index");
        Files.write(badIndex, index);
        assertThrows(CorruptSegmentException.class, () -> MapOutputIndex.read(badIndex));
    }

    @Test
    void anOutOfRangePartitionFailsTheEmit() throws Exception {
        Job job = Job.builder().mapper(() -> (k, v, out) -> { }).reducer(SumReducer::new)
                .mapOutput(Serdes.string(), Serdes.longs())
                .partitioner((key, bytes, off, len, n) -> n).build();
        MapOutputCollector collector = new MapOutputCollector(job, 2, 1 << 20, dir.resolve("s"), dir.resolve("m"),
                TestSupport.mapContext(0, 2, new InputSplit("/none", 0, 0)));
        assertThrows(IllegalStateException.class, () -> collector.emit("a", 1L));
        collector.abort();
    }

    @Test
    void aRecordLargerThanTheBufferIsStillHandled() throws Exception {
        Job job = Job.builder().mapper(() -> (k, v, out) -> { }).reducer(SumReducer::new)
                .mapOutput(Serdes.string(), Serdes.bytes()).build();
        SimpleTaskContext ctx = TestSupport.mapContext(0, 1, new InputSplit("/none", 0, 0));
        MapOutputCollector collector = new MapOutputCollector(job, 1, 64 << 10, dir.resolve("s"), dir.resolve("m"),
                ctx);
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        collector.emit("b", big);
        collector.emit("a", new byte[] {1});
        collector.emit("c", big);
        MapOutput out = collector.close();
        List<TestSupport.Rec> recs = TestSupport.readSorted(out.segment(0), RawComparator.BYTES);
        assertEquals(3, recs.size());
        assertEquals("a", new String(recs.get(0).key(), StandardCharsets.UTF_8));
        assertTrue(ByteBuffer.wrap(recs.get(2).value()).equals(ByteBuffer.wrap(big)));
    }
}
