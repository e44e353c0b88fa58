package io.gristmill.api;

/**
 * Picks the reduce partition of an intermediate pair.
 *
 * <p>Called on the map task's thread once per emitted pair (after combining, with a merge combiner), with the key
 * object the mapper emitted and its serialized bytes. It must return a value in {@code [0, numPartitions)} and
 * must send keys that the grouping comparator groups together to the same partition. The default,
 * {@link #hashOfKeyBytes()}, hashes the serialized bytes, so it is stable across JVMs (never {@code hashCode}).
 * An exception or an out-of-range result fails the attempt.
 *
 * @param <K> intermediate key type
 */
@FunctionalInterface
public interface Partitioner<K> {

    int partition(K key, byte[] keyBytes, int offset, int length, int numPartitions);

    /** The default partitioner: a 32-bit FNV-1a hash of the serialized key, modulo the partition count. */
    static <K> Partitioner<K> hashOfKeyBytes() {
        return (key, bytes, offset, length, n) -> Math.floorMod(hash(bytes, offset, length), n);
    }

    /**
     * Hashes only the first {@code n} elements of a key encoded by {@link Serdes#tuple()}, so that keys equal
     * under {@link TupleComparators#prefix(int) TupleComparators.prefix(n)} land on the same reducer.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    static Partitioner<Tuple> hashOfTuplePrefix(int n) {
        TupleComparators.requirePositive(n);
        return (key, bytes, offset, length, partitions) -> Math.floorMod(
                hash(bytes, offset, TupleComparators.prefixLength(bytes, offset, length, n)), partitions);
    }

    /** FNV-1a over a byte range, with a final avalanche so that short keys spread well. */
    static int hash(byte[] bytes, int offset, int length) {
        int h = 0x811c9dc5;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
