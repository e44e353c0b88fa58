package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;

import java.util.Arrays;

/**
 * The map-side sort buffer: serialized records appended to one large byte array (key bytes then value bytes,
 * unframed) plus primitive index arrays (sort key = partition and key prefix, record id, key offset, key and value
 * lengths). Memory use is {@link #memoryUsed()} and is kept under the budget by the caller via {@link #fits}.
 * Nothing is allocated per record; arrays grow by doubling and are kept across {@link #reset()}.
 */
final class SortBuffer {
    /** Index bytes per record: sort key + id + scratch copies of both for the merge sort + offset + 2 lengths. */
    static final int INDEX_BYTES_PER_RECORD = 8 + 4 + 8 + 4 + 4 + 4 + 4;
    /** Largest data array: keeps clear of the 2 GiB array limit. */
    static final int MAX_DATA = 1 << 30;

    private final RawComparator comparator;
    private final boolean usePrefix;
    private final long budget;
    private final int dataLimit;
    private final IndexSorter sorter;

    private byte[] data;
    private int dataUsed;
    private long[] sortKeys;
    private int[] ids;
    private int[] keyOff;
    private int[] keyLen;
    private int[] valLen;
    private long[] tmpKeys = new long[0];
    private int[] tmpIds = new int[0];
    private int count;

    SortBuffer(RawComparator comparator, long budgetBytes) {
        this.comparator = comparator;
        this.usePrefix = comparator == RawComparator.BYTES;
        this.budget = Math.max(1 << 12, budgetBytes);
        this.dataLimit = (int) Math.min(budget, MAX_DATA);
        this.sorter = new IndexSorter(comparator);
        this.data = new byte[(int) Math.min(dataLimit, 1 << 20)];
        int initial = (int) Math.max(16, Math.min(1 << 14, budget / INDEX_BYTES_PER_RECORD));
        this.sortKeys = new long[initial];
        this.ids = new int[initial];
        this.keyOff = new int[initial];
        this.keyLen = new int[initial];
        this.valLen = new int[initial];
    }

    /** Whether a record of these sizes can be added without exceeding the budget (always true when empty). */
    boolean fits(int kLen, int vLen) {
        if (count == 0) {
            return true;
        }
        long newData = (long) dataUsed + kLen + vLen;
        return newData <= dataLimit && newData + (long) (count + 1) * INDEX_BYTES_PER_RECORD <= budget;
    }

    int size() {
        return count;
    }

    long memoryUsed() {
        return dataUsed + (long) count * INDEX_BYTES_PER_RECORD;
    }

    void add(int partition, byte[] k, int kOff, int kLen, byte[] v, int vOff, int vLen) {
        int need = kLen + vLen;
        if (data.length - dataUsed < need) {
            growData(need);
        }
        if (count == ids.length) {
            growIndex();
        }
        int off = dataUsed;
        System.arraycopy(k, kOff, data, off, kLen);
        System.arraycopy(v, vOff, data, off + kLen, vLen);
        dataUsed = off + need;
        int i = count++;
        sortKeys[i] = IndexSorter.sortKey(partition, usePrefix, k, kOff, kLen);
        ids[i] = i;
        keyOff[i] = off;
        keyLen[i] = kLen;
        valLen[i] = vLen;
    }

    private void growData(int need) {
        long required = (long) dataUsed + need;
        if (required > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("map output record of " + need + " bytes does not fit in a buffer");
        }
        long cap = Math.max(required, Math.min(dataLimit, (long) data.length * 2));
        data = Arrays.copyOf(data, (int) cap);
    }

    private void growIndex() {
        int cap = (int) Math.min(Integer.MAX_VALUE - 16, (long) ids.length * 2);
        sortKeys = Arrays.copyOf(sortKeys, cap);
        ids = Arrays.copyOf(ids, cap);
        keyOff = Arrays.copyOf(keyOff, cap);
        keyLen = Arrays.copyOf(keyLen, cap);
        valLen = Arrays.copyOf(valLen, cap);
    }

    /** Sorts the records by (partition, key). */
    void sort() {
        if (tmpKeys.length < count) {
            tmpKeys = new long[ids.length];
            tmpIds = new int[ids.length];
        }
        sorter.sort(sortKeys, ids, tmpKeys, tmpIds, count, data, keyOff, keyLen);
    }

    /** Partition of the {@code i}-th record in sorted order. */
    int partitionAt(int i) {
        return (int) (sortKeys[i] >>> 32);
    }

    /** A stream over sorted positions {@code [from, to)}; valid until the buffer changes. */
    RecordStream range(int from, int to) {
        return new Range(from, to);
    }

    void reset() {
        count = 0;
        dataUsed = 0;
    }

    RawComparator comparator() {
        return comparator;
    }

    private final class Range implements RecordStream {
        private int pos;
        private final int to;
        private int id = -1;

        Range(int from, int to) {
            this.pos = from;
            this.to = to;
        }

        @Override
        public boolean next() {
            if (pos >= to) {
                return false;
            }
            id = ids[pos++];
            return true;
        }

        @Override
        public byte[] keyBuffer() {
            return data;
        }

        @Override
        public int keyOffset() {
            return keyOff[id];
        }

        @Override
        public int keyLength() {
            return keyLen[id];
        }

        @Override
        public byte[] valueBuffer() {
            return data;
        }

        @Override
        public int valueOffset() {
            return keyOff[id] + keyLen[id];
        }

        @Override
        public int valueLength() {
            return valLen[id];
        }
    }
}
