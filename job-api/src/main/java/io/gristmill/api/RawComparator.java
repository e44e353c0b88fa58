package io.gristmill.api;

/**
 * Compares two serialized keys without deserializing them.
 *
 * <p>Used as a job's sort comparator (orders keys inside a partition; default {@link #BYTES}, unsigned byte
 * order) and grouping comparator (decides which consecutive sorted keys reach one {@code reduce} call; default:
 * equal bytes). Called from map and reduce task threads, possibly from several threads at once, so
 * implementations must be stateless. A grouping comparator must be consistent with the sort comparator: keys it
 * calls equal must be adjacent in sort order.
 */
@FunctionalInterface
public interface RawComparator {

    int compare(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength);

    /** Unsigned lexicographic byte order; a proper prefix sorts first. */
    RawComparator BYTES = RawComparator::compareBytes;

    static int compareBytes(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        return java.util.Arrays.compareUnsigned(a, aOffset, aOffset + aLength, b, bOffset, bOffset + bLength);
    }
}
