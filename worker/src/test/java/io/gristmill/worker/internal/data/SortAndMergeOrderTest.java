package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The radix sort of the sort buffer and the tree-of-losers merge must give exactly the order of a stable
 * comparison sort by (partition, key), ties in insertion (or segment) order, whatever the key shapes: keys that
 * share long prefixes, differ only in trailing zero bytes, are empty, or repeat many times.
 */
class SortAndMergeOrderTest {
    /** A reversed byte order: not the byte comparator, so sort keys hold no key prefix. */
    private static final RawComparator REVERSED = (a, ao, al, b, bo, bl) -> RawComparator.compareBytes(b, bo, bl, a, ao, al);

    @TempDir
    Path dir;

    private record Rec(int partition, byte[] key, int seq) {
    }

    private static byte[] randomKey(Random rnd) {
        int shape = rnd.nextInt(6);
        byte[] k;
        switch (shape) {
            case 0 -> k = new byte[rnd.nextInt(3)]; // empty and tiny keys, all zero bytes
            case 1 -> {
                k = new byte[1 + rnd.nextInt(10)];  // short keys over a tiny alphabet: many repeats
                for (int i = 0; i < k.length; i++) {
                    k[i] = (byte) rnd.nextInt(2);
                }
            }
            case 2 -> {
                k = new byte[6 + rnd.nextInt(6)];   // around the 7- and 8-byte prefix boundaries, high bytes
                Arrays.fill(k, (byte) 0xff);
                k[k.length - 1 - rnd.nextInt(3)] = (byte) rnd.nextInt(256);
            }
            case 3 -> {
                k = "commonprefix-".concat(Integer.toString(rnd.nextInt(50))).getBytes();
                if (rnd.nextBoolean()) {
                    k = Arrays.copyOf(k, k.length + 1 + rnd.nextInt(2)); // trailing zeros
                }
            }
            default -> {
                k = new byte[rnd.nextInt(20)];
                rnd.nextBytes(k);
            }
        }
        return k;
    }

    private static Comparator<Rec> order(RawComparator cmp) {
        return Comparator.<Rec>comparingInt(r -> r.partition)
                .thenComparing((a, b) -> cmp.compare(a.key, 0, a.key.length, b.key, 0, b.key.length))
                .thenComparingInt(r -> r.seq);
    }

    private void sortBufferMatchesAStableSort(RawComparator cmp, int partitions, long seed) {
        Random rnd = new Random(seed);
        SortBuffer buffer = new SortBuffer(cmp, partitions, 64 << 20);
        List<Rec> recs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {  // the second round reuses the arrays after reset()
            recs.clear();
            int n = 20_000 + rnd.nextInt(5000);
            for (int i = 0; i < n; i++) {
                Rec r = new Rec(rnd.nextInt(partitions), randomKey(rnd), i);
                byte[] v = ByteBuffer.allocate(4).putInt(i).array();
                buffer.add(r.partition, r.key, 0, r.key.length, v, 0, 4);
                recs.add(r);
            }
            buffer.sort();
            recs.sort(order(cmp));
            RecordStream s = buffer.range(0, n);
            for (int i = 0; i < n; i++) {
                Rec want = recs.get(i);
                assertEquals(want.partition, buffer.partitionAt(i), "partition at " + i);
                try {
                    s.next();
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                assertArrayEquals(want.key, Arrays.copyOfRange(s.keyBuffer(), s.keyOffset(),
                        s.keyOffset() + s.keyLength()), "key at " + i);
                assertEquals(want.seq, ByteBuffer.wrap(s.valueBuffer(), s.valueOffset(), 4).getInt(), "seq at " + i);
            }
            buffer.reset();
        }
    }

    @Test
    void theSortBufferOrdersLikeAStableSortByPartitionAndKey() {
        for (int partitions : new int[] {1, 2, 3, 4, 200, 70_000}) {
            sortBufferMatchesAStableSort(RawComparator.BYTES, partitions, partitions);
        }
    }

    @Test
    void anotherComparatorIsUsedForTheWholeKey() {
        sortBufferMatchesAStableSort(REVERSED, 1, 11);
        sortBufferMatchesAStableSort(REVERSED, 5, 12);
    }

    private void mergeMatchesAStableSort(RawComparator cmp, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Segment> segments = new ArrayList<>();
        List<Rec> all = new ArrayList<>();
        int segmentCount = 1 + rnd.nextInt(40);
        for (int s = 0; s < segmentCount; s++) {
            List<Rec> run = new ArrayList<>();
            int n = rnd.nextInt(2000);
            for (int i = 0; i < n; i++) {
                run.add(new Rec(0, randomKey(rnd), s * 10_000 + i));
            }
            run.sort(order(cmp));
            all.addAll(run);
            List<TestSupport.Rec> framed = new ArrayList<>();
            for (Rec r : run) {
                framed.add(new TestSupport.Rec(r.key, ByteBuffer.allocate(4).putInt(r.seq).array()));
            }
            segments.add(TestSupport.writeRun(dir.resolve("seg-" + seed + "-" + s), framed));
        }
        all.sort(order(cmp));
        Merger merger = new Merger(cmp, 64, 4096, dir.resolve("tmp"), () -> false);
        try (RecordStream in = merger.open(segments)) {
            for (Rec want : all) {
                assertEquals(true, in.next());
                assertArrayEquals(want.key, Arrays.copyOfRange(in.keyBuffer(), in.keyOffset(),
                        in.keyOffset() + in.keyLength()));
                assertEquals(want.seq, ByteBuffer.wrap(in.valueBuffer(), in.valueOffset(), 4).getInt());
            }
            assertEquals(false, in.next());
            assertEquals(false, in.next());
        }
    }

    @Test
    void theMergeOrdersLikeAStableSortWithTiesInSegmentOrder() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            mergeMatchesAStableSort(RawComparator.BYTES, seed);
        }
        mergeMatchesAStableSort(REVERSED, 99);
    }

    @Test
    void mergingNoSegmentsYieldsNothing() throws Exception {
        Merger merger = new Merger(RawComparator.BYTES, 4, 4096, dir.resolve("tmp"), () -> false);
        try (RecordStream in = merger.open(List.of())) {
            assertEquals(false, in.next());
        }
    }
}
