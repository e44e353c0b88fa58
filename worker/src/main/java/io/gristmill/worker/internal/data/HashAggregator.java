package io.gristmill.worker.internal.data;

import io.gristmill.api.BytesOut;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Partitioner;
import io.gristmill.api.RawComparator;
import io.gristmill.api.Serde;
import io.gristmill.api.Serdes;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Map-side aggregation for a {@link MergeCombiner}: an open-addressing hash table (linear probing, load factor at
 * most 1/2) keyed by serialized key bytes, which live in one byte arena; values are kept as objects (the first one
 * a fresh copy made by the serde, later ones merged into it), except for {@link MergeCombiner#sumOfLongs()} over
 * {@link Serdes#mutableLongs()}, whose sums are primitive longs beside the table. {@link #memoryEstimate()} counts
 * key bytes, index arrays and, per value, an object overhead plus its serialized size when it was first stored (a
 * merge that makes values grow is not tracked). {@link #writeSorted} sorts the entries by (partition, key) through
 * primitive arrays and writes one run.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class HashAggregator {
    /** Bytes per entry besides key and value bytes: index ints, sort arrays, two table slots, value object. */
    static final int ENTRY_OVERHEAD = 4 * 4 + 8 + 4 + 8 + 4 + 8 + 8 + 24;

    private final Serde valueSerde;
    private final MergeCombiner merge;
    private final Partitioner partitioner;
    private final int numPartitions;
    private final IndexSorter sorter;
    private final boolean sumsLongs;

    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    // Two longs per slot, side by side in one cache line: (hash << 32 | entry index + 1), 0 = empty; and the key's
    // length and first 7 bytes. Per slot besides, in arrays indexed by slot / 2: the key's bytes 7 to 14, and, when
    // the merge sums longs, the sum. A probe for a key of up to 15 bytes (nearly every word) never touches the
    // arena, and a sum is found at an address known before the probe's first load returns.
    private long[] table = new long[2 << 10];
    private int mask = table.length - 1;
    private long[] tails = new long[1 << 10];
    private long[] sums;
    private int[] keyOff = new int[1 << 9];
    private int[] keyLen = new int[1 << 9];
    private int[] partitions = new int[1 << 9];
    private Object[] values;
    private int count;
    private long valueBytes;

    HashAggregator(Serde<?> valueSerde, MergeCombiner<?> merge, Partitioner<?> partitioner, int numPartitions,
            RawComparator sortComparator) {
        this.valueSerde = valueSerde;
        this.merge = merge;
        this.partitioner = partitioner;
        this.numPartitions = numPartitions;
        this.sorter = new IndexSorter(sortComparator, numPartitions);
        this.sumsLongs = merge == MergeCombiner.sumOfLongs() && valueSerde == Serdes.mutableLongs();
        if (sumsLongs) {
            sums = new long[tails.length];
        } else {
            values = new Object[keyOff.length];
        }
    }

    /** Whether values are summed as primitive longs: {@link #add} then needs no serialized value. */
    boolean sumsLongs() {
        return sumsLongs;
    }

    int size() {
        return count;
    }

    long memoryEstimate() {
        return arenaUsed + valueBytes + (long) count * ENTRY_OVERHEAD + (long) table.length * 16;
    }

    /**
     * Merges {@code value} into the entry of the key serialized in {@code k[kOff..kOff+kLen)}; a new key gets a copy
     * of the value decoded from its serialized form {@code v[0..vLen)} (unused when {@link #sumsLongs}) and the
     * partition chosen for {@code key}.
     *
     * @return whether the key was new (only then does the table's memory grow)
     */
    boolean add(Object key, byte[] k, int kOff, int kLen, Object value, byte[] v, int vLen) throws Exception {
        long prefix = prefix(k, kOff, kLen);
        long tail = kLen > PREFIX_BYTES ? tail(k, kOff, kLen) : 0;
        int h = hash(prefix, tail, k, kOff, kLen);
        int slot = (h << 1) & mask;
        long[] t = table;
        while (true) {
            long packed = t[slot];
            if (packed == 0) {
                break;
            }
            if ((int) (packed >>> 32) == h && t[slot + 1] == prefix
                    && (kLen <= PREFIX_BYTES || tails[slot >> 1] == tail && (kLen <= INLINE_BYTES
                    || sameRest((int) packed - 1, k, kOff, kLen)))) {
                if (sumsLongs) {
                    sums[slot >> 1] += ((MutableLong) value).get();
                    return false;
                }
                int e = (int) packed - 1;
                Object current = values[e];
                Object merged = merge.merge(current, value);
                if (merged == value) {
                    // the value object belongs to the caller and may be reused: keep a copy instead
                    merged = valueSerde.read(v, 0, vLen, null);
                }
                if (merged != current) { // most merges accumulate in place: skip the store and its GC write barrier
                    values[e] = merged;
                }
                return false;
            }
            slot = (slot + 2) & mask;
        }
        int p = partitioner.partition(key, k, kOff, kLen, numPartitions);
        if (p < 0 || p >= numPartitions) {
            throw new IllegalStateException("partitioner returned " + p + ", outside [0, " + numPartitions + ")");
        }
        if (count == keyOff.length) {
            growEntries();
        }
        if (arena.length - arenaUsed < kLen) {
            long cap = Math.max((long) arenaUsed + kLen, (long) arena.length * 2);
            if (cap > Integer.MAX_VALUE - 16) {
                cap = (long) arenaUsed + kLen;
            }
            arena = Arrays.copyOf(arena, (int) cap);
        }
        System.arraycopy(k, kOff, arena, arenaUsed, kLen);
        int e = count++;
        keyOff[e] = arenaUsed;
        keyLen[e] = kLen;
        partitions[e] = p;
        if (sumsLongs) {
            sums[slot >> 1] = ((MutableLong) value).get();
        } else {
            values[e] = valueSerde.read(v, 0, vLen, null);
        }
        arenaUsed += kLen;
        valueBytes += vLen;
        t[slot] = pack(h, e);
        t[slot + 1] = prefix;
        tails[slot >> 1] = tail;
        if (count * 4 > table.length) {
            rehash();
        }
        return true;
    }

    private static long pack(int hash, int entry) {
        return (long) hash << 32 | (entry + 1);
    }

    private static final int PREFIX_BYTES = 7;
    /** Key bytes held in the table and its tails: longer keys compare the rest in the arena. */
    private static final int INLINE_BYTES = PREFIX_BYTES + 8;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * The key's length (capped at 255) in the top byte and its first 7 bytes below, big-endian, zero-padded. Read
     * as one 8-byte load when the array has room, since this runs for every emitted record.
     */
    static long prefix(byte[] k, int off, int len) {
        int n = Math.min(len, PREFIX_BYTES);
        long bytes;
        if (off + 8 <= k.length) {
            long raw = (long) LONG_BE.get(k, off);
            bytes = n == 0 ? 0 : (raw & (-1L << (64 - 8 * n))) >>> 8;
        } else {
            bytes = 0;
            for (int i = 0; i < PREFIX_BYTES; i++) {
                bytes = bytes << 8 | (i < n ? k[off + i] & 0xff : 0);
            }
        }
        return (long) Math.min(len, 255) << 56 | bytes;
    }

    /** The key's bytes 7 to 14, big-endian, zero-padded; for keys longer than the prefix. */
    static long tail(byte[] k, int off, int len) {
        int n = Math.min(len, INLINE_BYTES) - PREFIX_BYTES;
        if (off + INLINE_BYTES <= k.length) {
            return (long) LONG_BE.get(k, off + PREFIX_BYTES) & (-1L << (64 - 8 * n));
        }
        long bytes = 0;
        for (int i = 0; i < 8; i++) {
            bytes = bytes << 8 | (i < n ? k[off + PREFIX_BYTES + i] & 0xff : 0);
        }
        return bytes;
    }

    /**
     * The table's hash of a key: prefix and tail identify a key of up to 15 bytes, so only longer keys hash their
     * remaining bytes. Independent of the partitioner's hash, which is only needed for new keys.
     */
    static int hash(long prefix, long tail, byte[] k, int off, int len) {
        long h = (prefix ^ tail * 0xC2B2AE3D27D4EB4FL) * 0x100000001B3L;
        for (int i = off + INLINE_BYTES, end = off + len; i < end; i++) {
            h = (h ^ (k[i] & 0xff)) * 0x100000001B3L;
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29) ^ (h >>> 47));
    }

    /**
     * Whether entry {@code e}'s key equals {@code b[bOff..bOff+len)}, whose first bytes matched inline. The length
     * is compared too: the prefix caps it at 255. A plain loop: the rest is a few bytes, too short for the set-up of
     * the library's vectorized comparison to pay off.
     */
    private boolean sameRest(int e, byte[] b, int bOff, int len) {
        if (keyLen[e] != len) {
            return false;
        }
        byte[] a = arena;
        int aOff = keyOff[e];
        for (int i = INLINE_BYTES; i < len; i++) {
            if (a[aOff + i] != b[bOff + i]) {
                return false;
            }
        }
        return true;
    }

    private void growEntries() {
        int cap = count * 2;
        keyOff = Arrays.copyOf(keyOff, cap);
        keyLen = Arrays.copyOf(keyLen, cap);
        partitions = Arrays.copyOf(partitions, cap);
        if (values != null) {
            values = Arrays.copyOf(values, cap);
        }
    }

    /** Doubles the table, moving every occupied slot with what lies beside it. */
    private void rehash() {
        long[] old = table;
        long[] t = new long[old.length * 2];
        long[] newTails = new long[t.length >> 1];
        long[] newSums = sums == null ? null : new long[t.length >> 1];
        int m = t.length - 1;
        for (int from = 0; from < old.length; from += 2) {
            long packed = old[from];
            if (packed == 0) {
                continue;
            }
            int slot = ((int) (packed >>> 32) << 1) & m;
            while (t[slot] != 0) {
                slot = (slot + 2) & m;
            }
            t[slot] = packed;
            t[slot + 1] = old[from + 1];
            newTails[slot >> 1] = tails[from >> 1];
            if (newSums != null) {
                newSums[slot >> 1] = sums[from >> 1];
            }
        }
        table = t;
        tails = newTails;
        sums = newSums;
        mask = m;
    }

    /** Writes all entries sorted by (partition, key) to {@code out}; returns the number of records written. */
    long writeSorted(RunWriter out, BytesOut valueOut) throws IOException {
        int n = count;
        long[] entrySums = sumsLongs ? sumsByEntry() : null;
        MutableLong sum = new MutableLong();
        long[] sortKeys = new long[n];
        int[] ids = new int[n];
        for (int e = 0; e < n; e++) {
            sortKeys[e] = sorter.sortKey(partitions[e], arena, keyOff[e], keyLen[e]);
            ids[e] = e;
        }
        sorter.sort(sortKeys, ids, new long[n], new int[n], n, new IndexSorter.Keys() {
            @Override
            public byte[] data() {
                return arena;
            }

            @Override
            public int keyOffset(int id) {
                return keyOff[id];
            }

            @Override
            public int keyLength(int id) {
                return keyLen[id];
            }
        });
        for (int i = 0; i < n; i++) {
            int e = ids[i];
            out.partition(partitions[e]);
            valueOut.reset();
            valueSerde.write(entrySums != null ? sum.set(entrySums[e]) : values[e], valueOut);
            out.write(arena, keyOff[e], keyLen[e], valueOut.array(), 0, valueOut.size());
        }
        return n;
    }

    private long[] sumsByEntry() {
        long[] bySlot = sums;
        long[] byEntry = new long[count];
        for (int slot = 0; slot < table.length; slot += 2) {
            long packed = table[slot];
            if (packed != 0) {
                byEntry[(int) packed - 1] = bySlot[slot >> 1];
            }
        }
        return byEntry;
    }

    /** Empties the table, keeping its arrays (a slot's tail and sum are written whenever it is taken). */
    void clear() {
        if (values != null) {
            Arrays.fill(values, 0, count, null);
        }
        count = 0;
        arenaUsed = 0;
        valueBytes = 0;
        Arrays.fill(table, 0);
    }
}
