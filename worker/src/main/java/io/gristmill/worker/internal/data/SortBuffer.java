package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;

import java.io.IOException;
import java.util.Arrays;

/**
 * The map-side sort buffer: records appended to one large byte array already framed as in a run
 * ({@link RecordFormat}: varint lengths, key bytes, value bytes), plus primitive index arrays: per record its sort
 * key (partition and key prefix, see {@link IndexSorter}) and the offset of its framed bytes, which the sort
 * carries along as the record's id. Writing a sorted run then reads each record with one random access and copies
 * its framed bytes whole. Memory use is {@link #memoryUsed()} and is kept under the budget by the caller via
 * {@link #fits}. Nothing is allocated per record; arrays grow by doubling (index arrays up to the most records the
 * budget allows) and are kept across {@link #reset()}.
 */
final class SortBuffer implements IndexSorter.Keys {
    /** Index bytes per record: sort key + offset, and scratch copies of both for the radix sort. */
    static final int INDEX_BYTES_PER_RECORD = 8 + 4 + 8 + 4;
    /** Largest data array: keeps clear of the 2 GiB array limit. */
    static final int MAX_DATA = 1 << 30;

    private final RawComparator comparator;
    private final long budget;
    private final int dataLimit;
    private final int maxRecords;
    private final IndexSorter sorter;

    private byte[] data;
    private int dataUsed;
    private long[] sortKeys;
    private int[] offsets;
    private long[] tmpKeys = new long[0];
    private int[] tmpOffsets = new int[0];
    private int count;

    SortBuffer(RawComparator comparator, int numPartitions, long budgetBytes) {
        this.comparator = comparator;
        this.budget = Math.max(1 << 12, budgetBytes);
        this.dataLimit = (int) Math.min(budget, MAX_DATA);
        this.maxRecords = (int) Math.min(Integer.MAX_VALUE - 16, budget / INDEX_BYTES_PER_RECORD + 1);
        this.sorter = new IndexSorter(comparator, numPartitions);
        this.data = new byte[(int) Math.min(dataLimit, 1 << 20)];
        int initial = (int) Math.max(16, Math.min(1 << 14, budget / INDEX_BYTES_PER_RECORD));
        this.sortKeys = new long[initial];
        this.offsets = new int[initial];
    }

    /** Whether a record of these sizes can be added without exceeding the budget (always true when empty). */
    boolean fits(int kLen, int vLen) {
        if (count == 0) {
            return true;
        }
        long newData = (long) dataUsed + RecordFormat.MAX_HEADER + kLen + vLen;
        return newData <= dataLimit && newData + (long) (count + 1) * INDEX_BYTES_PER_RECORD <= budget;
    }

    int size() {
        return count;
    }

    long memoryUsed() {
        return dataUsed + (long) count * INDEX_BYTES_PER_RECORD;
    }

    void add(int partition, byte[] k, int kOff, int kLen, byte[] v, int vOff, int vLen) {
        long need = (long) RecordFormat.MAX_HEADER + kLen + vLen;
        if (data.length - dataUsed < need) {
            growData(need);
        }
        if (count == offsets.length) {
            growIndex();
        }
        int off = dataUsed;
        int p = RecordFormat.writeVarint(data, off, kLen);
        p = RecordFormat.writeVarint(data, p, vLen);
        System.arraycopy(k, kOff, data, p, kLen);
        System.arraycopy(v, vOff, data, p + kLen, vLen);
        dataUsed = p + kLen + vLen;
        int i = count++;
        sortKeys[i] = sorter.sortKey(partition, k, kOff, kLen);
        offsets[i] = off;
    }

    private void growData(long need) {
        long required = dataUsed + need;
        if (required > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("map output record of " + need + " bytes does not fit in a buffer");
        }
        long cap = Math.max(required, Math.min(dataLimit, (long) data.length * 2));
        data = Arrays.copyOf(data, (int) cap);
    }

    private void growIndex() {
        int cap = (int) Math.max(count + 1, Math.min(maxRecords, (long) count * 2));
        sortKeys = Arrays.copyOf(sortKeys, cap);
        offsets = Arrays.copyOf(offsets, cap);
    }

    @Override
    public byte[] data() {
        return data;
    }

    @Override
    public int keyOffset(int id) {
        return RecordFormat.skipVarint(data, RecordFormat.skipVarint(data, id));
    }

    @Override
    public int keyLength(int id) {
        return RecordFormat.readVarint(data, id);
    }

    /** Sorts the records by (partition, key). */
    void sort() {
        if (tmpKeys.length < count) {
            tmpKeys = new long[sortKeys.length];
            tmpOffsets = new int[sortKeys.length];
        }
        sorter.sort(sortKeys, offsets, tmpKeys, tmpOffsets, count, this);
    }

    /** Partition of the {@code i}-th record in sorted order. */
    int partitionAt(int i) {
        return sorter.partitionOf(sortKeys[i]);
    }

    /** Writes the records at sorted positions {@code [from, to)} to {@code out}. */
    void write(RunWriter out, int from, int to) throws IOException {
        byte[] d = data;
        for (int i = from; i < to; i++) {
            int off = offsets[i];
            int p = off;
            int kLen = RecordFormat.readVarint(d, p);
            p = RecordFormat.skipVarint(d, p);
            int vLen = RecordFormat.readVarint(d, p);
            p = RecordFormat.skipVarint(d, p);
            out.writeFramed(d, off, p - off + kLen + vLen);
        }
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
        private int keyOff;
        private int keyLen;
        private int valLen;

        Range(int from, int to) {
            this.pos = from;
            this.to = to;
        }

        @Override
        public boolean next() {
            if (pos >= to) {
                return false;
            }
            byte[] d = data;
            int p = offsets[pos++];
            keyLen = RecordFormat.readVarint(d, p);
            p = RecordFormat.skipVarint(d, p);
            valLen = RecordFormat.readVarint(d, p);
            keyOff = RecordFormat.skipVarint(d, p);
            return true;
        }

        @Override
        public byte[] keyBuffer() {
            return data;
        }

        @Override
        public int keyOffset() {
            return keyOff;
        }

        @Override
        public int keyLength() {
            return keyLen;
        }

        @Override
        public byte[] valueBuffer() {
            return data;
        }

        @Override
        public int valueOffset() {
            return keyOff + keyLen;
        }

        @Override
        public int valueLength() {
            return valLen;
        }
    }
}
