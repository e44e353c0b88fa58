package io.gristmill.worker.internal.data;

import io.gristmill.api.BytesOut;
import io.gristmill.api.Emitter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.RawComparator;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serde;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReduceRunnerTest {
    @TempDir
    Path dir;

    @Test
    void mergingMoreSegmentsThanTheMergeFactorIsCorrect() throws Exception {
        Random rnd = new Random(3);
        List<TestSupport.Rec> all = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        for (int s = 0; s < 150; s++) {
            List<TestSupport.Rec> run = new ArrayList<>();
            int n = rnd.nextInt(300);
            for (int i = 0; i < n; i++) {
                byte[] k = TestSupport.ser(Serdes.longs(), (long) rnd.nextInt(10_000) - 5000);
                byte[] v = TestSupport.ser(Serdes.ints(), s * 1000 + i);
                run.add(new TestSupport.Rec(k, v));
            }
            run.sort((a, b) -> RawComparator.compareBytes(a.key(), 0, a.key().length, b.key(), 0, b.key().length));
            all.addAll(run);
            segments.add(TestSupport.writeRun(dir.resolve("seg-" + s), run));
        }
        Path temp = dir.resolve("tmp");
        Merger merger = new Merger(RawComparator.BYTES, 8, 4096, temp, () -> false);
        List<String> merged = new ArrayList<>();
        try (RecordStream in = merger.open(segments)) {
            byte[] prev = null;
            while (in.next()) {
                byte[] k = java.util.Arrays.copyOfRange(in.keyBuffer(), in.keyOffset(), in.keyOffset() + in.keyLength());
                if (prev != null) {
                    assertTrue(RawComparator.compareBytes(prev, 0, prev.length, k, 0, k.length) <= 0);
                }
                prev = k;
                merged.add(Serdes.longs().read(k, 0, k.length, null) + "/"
                        + Serdes.ints().read(in.valueBuffer(), in.valueOffset(), in.valueLength(), null));
            }
        }
        List<String> expected = new ArrayList<>();
        for (TestSupport.Rec r : all) {
            expected.add(Serdes.longs().read(r.key(), 0, 8, null) + "/" + Serdes.ints().read(r.value(), 0, 4, null));
        }
        expected.sort(Comparator.naturalOrder());
        merged.sort(Comparator.naturalOrder());
        assertEquals(expected, merged);
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(0, files.count(), "intermediate merge files are deleted");
        }
    }

    /** Counts values without keeping them; checks the Iterable is single-use. */
    static final class CountingReducer implements Reducer<String, Long, String, Long> {
        static final AtomicReference<Throwable> SECOND_ITERATOR = new AtomicReference<>();

        @Override
        public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) throws Exception {
            long n = 0;
            Iterator<Long> it = values.iterator();
            while (it.hasNext()) {
                it.next();
                n++;
            }
            try {
                values.iterator();
            } catch (IllegalStateException e) {
                SECOND_ITERATOR.set(e);
            }
            out.emit(key, n);
        }
    }

    @Test
    void aMillionValuesForOneKeyStreamThroughATinyBufferAndTheIterableIsSingleUse() throws Exception {
        Job job = Job.builder().mapper(() -> (k, v, o) -> { }).reducer(CountingReducer::new)
                .mapOutput(Serdes.string(), Serdes.longs()).build();
        List<Segment> segments = new ArrayList<>();
        byte[] key = TestSupport.ser(Serdes.string(), "hot");
        byte[] other = TestSupport.ser(Serdes.string(), "zz");
        for (int s = 0; s < 4; s++) {
            Path f = dir.resolve("s" + s);
            try (RunWriter w = new RunWriter(f, 1, 4096)) {
                byte[] v = TestSupport.ser(Serdes.longs(), (long) s);
                for (int i = 0; i < 250_000; i++) {
                    w.write(key, 0, key.length, v, 0, v.length);
                }
                w.write(other, 0, other.length, v, 0, v.length);
                PartitionInfo info = w.finish()[0];
                segments.add(new Segment(f, 0, info.length()));
            }
        }
        SimpleTaskContext ctx = TestSupport.reduceContext(0, 1);
        Path out = dir.resolve("part-r-00000");
        new ReduceRunner(job, ctx, () -> false, 2, 4096).run(segments, dir.resolve("tmp"), out);
        assertEquals(List.of("hot\t1000000", "zz\t4"), Files.readAllLines(out));
        assertTrue(CountingReducer.SECOND_ITERATOR.get() != null, "a second iterator() call throws");
        assertEquals(1_000_004, ctx.counterValue(Counters.GROUP, Counters.REDUCE_INPUT_RECORDS));
        assertEquals(2, ctx.counterValue(Counters.GROUP, Counters.REDUCE_INPUT_GROUPS));
        assertEquals(2, ctx.counterValue(Counters.GROUP, Counters.REDUCE_OUTPUT_RECORDS));
        assertEquals(Files.size(out), ctx.counterValue(Counters.GROUP, Counters.OUTPUT_BYTES));
    }

    @Test
    void valuesTheReducerDoesNotConsumeAreSkipped() throws Exception {
        Job job = Job.builder().mapper(() -> (k, v, o) -> { })
                .reducer(() -> (Reducer<String, Long, String, Long>) (k, values, out) -> {
                    out.emit(k, values.iterator().next());
                })
                .mapOutput(Serdes.string(), Serdes.longs()).build();
        List<TestSupport.Rec> recs = new ArrayList<>();
        for (String k : new String[] {"a", "b", "c"}) {
            for (long i = 0; i < 5; i++) {
                recs.add(new TestSupport.Rec(TestSupport.ser(Serdes.string(), k), TestSupport.ser(Serdes.longs(), i)));
            }
        }
        Segment seg = TestSupport.writeRun(dir.resolve("seg"), recs);
        Path out = dir.resolve("out");
        new ReduceRunner(job, TestSupport.reduceContext(0, 1), null).run(List.of(seg), dir, out);
        assertEquals(List.of("a\t0", "b\t0", "c\t0"), Files.readAllLines(out));
    }

    /** A mutable composite key: group, then order. */
    static final class Pair {
        long group;
        long order;
    }

    /** 8 bytes group + 8 bytes order, big-endian with the sign bit flipped; honours reuse. */
    static final class PairSerde implements Serde<Pair> {
        @Override
        public void write(Pair value, BytesOut out) {
            out.writeLong(value.group ^ Long.MIN_VALUE);
            out.writeLong(value.order ^ Long.MIN_VALUE);
        }

        @Override
        public Pair read(byte[] bytes, int offset, int length, Pair reuse) {
            Pair p = reuse == null ? new Pair() : reuse;
            p.group = java.nio.ByteBuffer.wrap(bytes, offset, 8).getLong() ^ Long.MIN_VALUE;
            p.order = java.nio.ByteBuffer.wrap(bytes, offset + 8, 8).getLong() ^ Long.MIN_VALUE;
            return p;
        }
    }

    /** Emits one line per group: the group and its values in the order received, checking the key follows them. */
    static final class ListingReducer implements Reducer<Pair, Long, String, String> {
        @Override
        public void setup(TaskContext context) {
        }

        @Override
        public void reduce(Pair key, Iterable<Long> values, Emitter<String, String> out) throws Exception {
            long group = key.group;
            StringBuilder sb = new StringBuilder();
            for (Long v : values) {
                if (key.order != v || key.group != group) {
                    throw new AssertionError("the key object follows the current value");
                }
                sb.append(sb.length() == 0 ? "" : ",").append(v);
            }
            out.emit(Long.toString(group), sb.toString());
        }
    }

    @Test
    void secondarySortDeliversOneReduceCallPerGroupWithValuesInSortOrder() throws Exception {
        // sort: group ascending, then order DESCENDING; group on the first 8 bytes only
        RawComparator sort = (a, ao, al, b, bo, bl) -> {
            int c = RawComparator.compareBytes(a, ao, 8, b, bo, 8);
            return c != 0 ? c : RawComparator.compareBytes(b, bo + 8, 8, a, ao + 8, 8);
        };
        RawComparator grouping = (a, ao, al, b, bo, bl) -> RawComparator.compareBytes(a, ao, 8, b, bo, 8);
        Job job = Job.builder().mapper(() -> (k, v, o) -> { }).reducer(ListingReducer::new)
                .mapOutput(new PairSerde(), Serdes.longs())
                .partitioner((Pair key, byte[] bytes, int off, int len, int n) -> (int) Math.floorMod(key.group, n))
                .sortComparator(sort).groupingComparator(grouping).build();
        int reducers = 2;
        Random rnd = new Random(11);
        List<Segment>[] segments = perPartition(reducers);
        java.util.TreeMap<Long, List<Long>> expected = new java.util.TreeMap<>();
        for (int m = 0; m < 3; m++) {
            SimpleTaskContext ctx = TestSupport.mapContext(m, reducers, new InputSplit("/none", 0, 0));
            MapOutputCollector c = new MapOutputCollector(job, reducers, 64 << 10, dir.resolve("spill"),
                    dir.resolve("map-" + m), ctx);
            Pair p = new Pair();
            for (int i = 0; i < 20_000; i++) {
                p.group = rnd.nextInt(50) - 10;
                p.order = rnd.nextInt(1_000_000) - 500_000;
                c.emit(p, p.order);
                expected.computeIfAbsent(p.group, g -> new ArrayList<>()).add(p.order);
            }
            MapOutput out = c.close();
            for (int r = 0; r < reducers; r++) {
                segments[r].add(out.segment(r));
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < reducers; r++) {
            Path out = dir.resolve("part-r-" + r);
            SimpleTaskContext ctx = TestSupport.reduceContext(r, reducers);
            new ReduceRunner(job, ctx, null, 2, 4096).run(segments[r], dir.resolve("tmp"), out);
            lines.addAll(Files.readAllLines(out));
        }
        List<String> want = new ArrayList<>();
        expected.forEach((g, orders) -> {
            orders.sort(Comparator.reverseOrder());
            StringBuilder sb = new StringBuilder();
            for (Long o : orders) {
                sb.append(sb.length() == 0 ? "" : ",").append(o);
            }
            want.add(g + "\t" + sb);
        });
        lines.sort(Comparator.naturalOrder());
        want.sort(Comparator.naturalOrder());
        assertEquals(want, lines);
    }

    @Test
    void aCancelledReduceStopsPromptly() throws Exception {
        Job job = Job.builder().mapper(() -> (k, v, o) -> { }).reducer(CountingReducer::new)
                .mapOutput(Serdes.string(), Serdes.longs()).build();
        List<TestSupport.Rec> recs = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            recs.add(new TestSupport.Rec(TestSupport.ser(Serdes.string(), "k"), TestSupport.ser(Serdes.longs(), 1L)));
        }
        Segment seg = TestSupport.writeRun(dir.resolve("seg"), recs);
        assertThrows(java.util.concurrent.CancellationException.class, () -> new ReduceRunner(job,
                TestSupport.reduceContext(0, 1), () -> true).run(List.of(seg), dir, dir.resolve("out")));
    }

    @SuppressWarnings("unchecked")
    private static List<Segment>[] perPartition(int n) {
        List<Segment>[] lists = new List[n];
        for (int i = 0; i < n; i++) {
            lists[i] = new ArrayList<>();
        }
        return lists;
    }
}
