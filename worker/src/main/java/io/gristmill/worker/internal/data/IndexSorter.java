package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;

import java.util.Arrays;

/**
 * Sorts records by (partition, key) through primitive index arrays only: {@code sortKeys[i]} is the record's
 * {@link #sortKey}, {@code ids[i]} an id (record number or data offset) that {@link Keys} maps to its key bytes.
 *
 * <p>A sort key holds the partition in its top {@code partitionBits} bits. With the unsigned byte comparator it
 * also holds, in its low bits, the key's first {@code prefixBytes} bytes (big-endian, zero-padded) followed by a
 * 4-bit length field {@code min(keyLength, prefixBytes + 1)}; with any other comparator the rest is zero. Sort keys
 * compare as unsigned longs in key order, and equal sort keys with a length field of at most {@code prefixBytes}
 * are equal keys. An LSD radix sort (8-bit digits, skipping digits that are equal in every record) orders the
 * records in a few linear passes; runs of equal sort keys that may still hold different keys (longer keys, or any
 * comparator but the byte order) are then put in order with the full comparison, unless already in order. The
 * whole sort is stable and allocates nothing once its scratch arrays exist.
 */
final class IndexSorter {
    /** Where the key of a record id lies, for ties of sort keys. */
    interface Keys {
        byte[] data();

        int keyOffset(int id);

        int keyLength(int id);
    }

    private static final int INSERTION_THRESHOLD = 12;

    private final RawComparator comparator;
    private final boolean usePrefix;
    private static final int LENGTH_BITS = 4;
    private static final long LENGTH_MASK = (1L << LENGTH_BITS) - 1;

    private final int partitionBits;
    /** Key bytes held by a sort key (at most 7, so that the length field fits in 4 bits). */
    private final int prefixBytes;
    private final int[] counts = new int[8 * 256];
    private byte[] data;
    private Keys source;

    IndexSorter(RawComparator comparator, int numPartitions) {
        this.comparator = comparator;
        this.usePrefix = comparator == RawComparator.BYTES;
        this.partitionBits = numPartitions <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(numPartitions - 1);
        this.prefixBytes = Math.min(7, (64 - LENGTH_BITS - partitionBits) / 8);
    }

    /** The sort key of a record of partition {@code partition} (in {@code [0, numPartitions)}). */
    long sortKey(int partition, byte[] key, int off, int len) {
        long k = partitionBits == 0 ? 0 : (long) partition << (64 - partitionBits);
        if (usePrefix) {
            long bytes = KeyPrefix.of(key, off, len) >>> (64 - 8 * prefixBytes);
            k |= bytes << LENGTH_BITS | Math.min(len, prefixBytes + 1);
        }
        return k;
    }

    /** The partition held by a sort key. */
    int partitionOf(long sortKey) {
        return partitionBits == 0 ? 0 : (int) (sortKey >>> (64 - partitionBits));
    }

    /**
     * Sorts {@code [0, n)} of {@code keys}/{@code ids} in place; {@code tmpKeys}/{@code tmpIds} are scratch arrays
     * of at least {@code n} entries.
     */
    void sort(long[] keys, int[] ids, long[] tmpKeys, int[] tmpIds, int n, Keys source) {
        if (n < 2) {
            return;
        }
        radixSort(keys, ids, tmpKeys, tmpIds, n);
        this.source = source;
        this.data = source.data();
        try {
            sortTies(keys, ids, tmpIds, n);
        } finally {
            this.source = null;
            this.data = null;
        }
    }

    private void radixSort(long[] keys, int[] ids, long[] tmpKeys, int[] tmpIds, int n) {
        int[] c = counts;
        Arrays.fill(c, 0);
        for (int i = 0; i < n; i++) {
            long k = keys[i];
            for (int d = 0; d < 8; d++) {
                c[(d << 8) | (int) ((k >>> (d << 3)) & 0xff)]++;
            }
        }
        long[] srcK = keys;
        int[] srcI = ids;
        long[] dstK = tmpKeys;
        int[] dstI = tmpIds;
        for (int d = 0; d < 8; d++) {
            int base = d << 8;
            if (c[base + (int) ((keys[0] >>> (d << 3)) & 0xff)] == n) {
                continue; // every record has this digit
            }
            int sum = 0;
            for (int b = base; b < base + 256; b++) {
                int count = c[b];
                c[b] = sum;
                sum += count;
            }
            int shift = d << 3;
            for (int i = 0; i < n; i++) {
                long k = srcK[i];
                int at = c[base + (int) ((k >>> shift) & 0xff)]++;
                dstK[at] = k;
                dstI[at] = srcI[i];
            }
            long[] sk = srcK;
            srcK = dstK;
            dstK = sk;
            int[] si = srcI;
            srcI = dstI;
            dstI = si;
        }
        if (srcK != keys) {
            System.arraycopy(srcK, 0, keys, 0, n);
            System.arraycopy(srcI, 0, ids, 0, n);
        }
    }

    /** Orders each run of equal sort keys by the full key comparison. */
    private void sortTies(long[] keys, int[] ids, int[] tmpIds, int n) {
        int from = 0;
        while (from < n) {
            long k = keys[from];
            int to = from + 1;
            while (to < n && keys[to] == k) {
                to++;
            }
            boolean sameKeys = usePrefix && (k & LENGTH_MASK) <= prefixBytes;
            if (to - from > 1 && !sameKeys && !inOrder(ids, from, to)) {
                System.arraycopy(ids, from, tmpIds, from, to - from);
                mergeSort(tmpIds, ids, from, to);
            }
            from = to;
        }
    }

    private boolean inOrder(int[] ids, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (compareTied(ids[i - 1], ids[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Stable merge sort of src[lo,hi) into dst[lo,hi); on entry both hold the same ids in that range. */
    private void mergeSort(int[] src, int[] dst, int lo, int hi) {
        if (hi - lo < INSERTION_THRESHOLD) {
            for (int i = lo + 1; i < hi; i++) {
                int id = dst[i];
                int j = i - 1;
                while (j >= lo && compareTied(dst[j], id) > 0) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = id;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(dst, src, lo, mid);
        mergeSort(dst, src, mid, hi);
        if (compareTied(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, lo, dst, lo, hi - lo);
            return;
        }
        for (int i = lo, p = lo, q = mid; i < hi; i++) {
            if (q >= hi || (p < mid && compareTied(src[p], src[q]) <= 0)) {
                dst[i] = src[p++];
            } else {
                dst[i] = src[q++];
            }
        }
    }

    /** Compares the keys of two records whose sort keys are equal and may hold different keys. */
    private int compareTied(int a, int b) {
        Keys s = source;
        int la = s.keyLength(a);
        int lb = s.keyLength(b);
        int oa = s.keyOffset(a);
        int ob = s.keyOffset(b);
        if (usePrefix) {
            return Arrays.compareUnsigned(data, oa, oa + la, data, ob, ob + lb);
        }
        return comparator.compare(data, oa, la, data, ob, lb);
    }
}
