package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;

/**
 * Sorts records by (partition, key) through primitive index arrays only: {@code sortKeys[i]} holds
 * {@code partition << 32 | keyPrefix} and {@code ids[i]} the record number, whose key bytes are
 * {@code data[keyOff[id] .. + keyLen[id])}. Equal sort keys fall back to comparing the key bytes. The key prefix
 * (first 4 key bytes, big-endian, zero-padded) is only used with the unsigned byte comparator; with any other
 * comparator callers pass prefix 0. A stable merge sort (ping-pong between the arrays and two scratch arrays,
 * insertion sort for short ranges): O(n log n) whatever the input, no allocation.
 */
final class IndexSorter {
    private static final int INSERTION_THRESHOLD = 12;

    private final RawComparator comparator;
    private final boolean usePrefix;
    private byte[] data;
    private int[] keyOff;
    private int[] keyLen;

    IndexSorter(RawComparator comparator) {
        this.comparator = comparator;
        this.usePrefix = comparator == RawComparator.BYTES;
    }

    /** The sort key of a record: its partition in the high half, the key prefix (if usable) in the low half. */
    static long sortKey(int partition, boolean usePrefix, byte[] key, int off, int len) {
        long k = (long) partition << 32;
        if (usePrefix) {
            int prefix = 0;
            int n = Math.min(4, len);
            for (int i = 0; i < n; i++) {
                prefix |= (key[off + i] & 0xff) << (24 - 8 * i);
            }
            k |= prefix & 0xffffffffL;
        }
        return k;
    }

    /**
     * Sorts {@code [0, n)} of {@code keys}/{@code ids} in place; {@code tmpKeys}/{@code tmpIds} are scratch arrays
     * of at least {@code n} entries.
     */
    void sort(long[] keys, int[] ids, long[] tmpKeys, int[] tmpIds, int n, byte[] data, int[] keyOff,
            int[] keyLen) {
        this.data = data;
        this.keyOff = keyOff;
        this.keyLen = keyLen;
        System.arraycopy(keys, 0, tmpKeys, 0, n);
        System.arraycopy(ids, 0, tmpIds, 0, n);
        mergeSort(tmpKeys, tmpIds, keys, ids, 0, n);
        this.data = null;
        this.keyOff = null;
        this.keyLen = null;
    }

    /** Sorts src[lo,hi) into dst[lo,hi); on entry both hold the same elements in that range. */
    private void mergeSort(long[] srcK, int[] srcI, long[] dstK, int[] dstI, int lo, int hi) {
        int len = hi - lo;
        if (len < INSERTION_THRESHOLD) {
            for (int i = lo + 1; i < hi; i++) {
                long k = dstK[i];
                int id = dstI[i];
                int j = i - 1;
                while (j >= lo && compare(dstK[j], dstI[j], k, id) > 0) {
                    dstK[j + 1] = dstK[j];
                    dstI[j + 1] = dstI[j];
                    j--;
                }
                dstK[j + 1] = k;
                dstI[j + 1] = id;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(dstK, dstI, srcK, srcI, lo, mid);
        mergeSort(dstK, dstI, srcK, srcI, mid, hi);
        if (compare(srcK[mid - 1], srcI[mid - 1], srcK[mid], srcI[mid]) <= 0) {
            System.arraycopy(srcK, lo, dstK, lo, len);
            System.arraycopy(srcI, lo, dstI, lo, len);
            return;
        }
        for (int i = lo, p = lo, q = mid; i < hi; i++) {
            if (q >= hi || (p < mid && compare(srcK[p], srcI[p], srcK[q], srcI[q]) <= 0)) {
                dstK[i] = srcK[p];
                dstI[i] = srcI[p++];
            } else {
                dstK[i] = srcK[q];
                dstI[i] = srcI[q++];
            }
        }
    }

    private int compare(long ka, int ia, long kb, int ib) {
        if (ka != kb) {
            return ka < kb ? -1 : 1;
        }
        if (usePrefix) {
            int la = keyLen[ia];
            int lb = keyLen[ib];
            if (la <= 4 && lb <= 4) {
                // the zero-padded prefixes hold both keys whole and are equal: the shorter key sorts first
                return Integer.compare(la, lb);
            }
        }
        return comparator.compare(data, keyOff[ia], keyLen[ia], data, keyOff[ib], keyLen[ib]);
    }
}
