package io.gristmill.api;

/**
 * Raw comparators over keys encoded by {@link Serdes#tuple()}, for secondary sort.
 *
 * <p>A typical secondary-sort job emits {@code Tuple.of(group, sortField)} keys, keeps the default sort comparator
 * (byte order, which is tuple order), groups with {@code prefix(1)} and partitions with
 * {@link Partitioner#hashOfTuplePrefix(int) Partitioner.hashOfTuplePrefix(1)}, so that one {@code reduce} call
 * receives a whole group with its values ordered by {@code sortField}:
 * <pre>{@code
 * Job.builder()
 *     .mapOutput(Serdes.tuple(), Serdes.longs())
 *     .groupingComparator(TupleComparators.prefix(1))
 *     .partitioner(Partitioner.hashOfTuplePrefix(1))
 *     ...
 * }</pre>
 * The comparators are stateless and are called from map and reduce task threads, possibly concurrently. Bytes
 * that are not a tuple encoding make them throw {@link IllegalArgumentException}, which fails the attempt.
 */
public final class TupleComparators {
    private TupleComparators() {
    }

    /**
     * Compares only the first {@code n} elements of two encoded tuples, in tuple order; a tuple with fewer
     * elements is compared whole. Consistent with the default sort comparator, so usable as a grouping comparator.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static RawComparator prefix(int n) {
        requirePositive(n);
        return (a, aOffset, aLength, b, bOffset, bLength) -> RawComparator.compareBytes(
                a, aOffset, prefixLength(a, aOffset, aLength, n),
                b, bOffset, prefixLength(b, bOffset, bLength, n));
    }

    /**
     * The number of bytes that encode the first {@code n} elements of the tuple encoded at
     * {@code bytes[offset, offset + length)}; {@code length} when it has at most {@code n} elements.
     */
    public static int prefixLength(byte[] bytes, int offset, int length, int n) {
        return TupleCodec.prefixEnd(bytes, offset, length, n) - offset;
    }

    static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("prefix element count must be >= 1, got " + n);
        }
    }
}
