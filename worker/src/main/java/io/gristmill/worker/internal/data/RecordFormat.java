package io.gristmill.worker.internal.data;

/**
 * Record framing used in every sorted run (spills, map output partitions, fetched segments, merge temp files):
 * {@code varint(keyLength) varint(valueLength) keyBytes valueBytes}, where a varint is unsigned LEB128 (7 bits
 * per byte, least significant group first, high bit set on all but the last byte; at most 5 bytes). Records of a
 * run are sorted by the job's sort comparator on the key bytes. A run has no header or trailer; its length and
 * CRC32C are kept in the map output index.
 */
public final class RecordFormat {
    /** Largest framing overhead of one record. */
    public static final int MAX_HEADER = 10;

    private RecordFormat() {
    }

    /** Writes {@code v} (>= 0) at {@code pos}; returns the position after it. */
    public static int writeVarint(byte[] buf, int pos, int v) {
        while ((v & ~0x7f) != 0) {
            buf[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
        return pos;
    }

    /** Reads the varint at {@code pos} of a well-formed buffer (one this process framed itself). */
    static int readVarint(byte[] buf, int pos) {
        int b = buf[pos];
        if (b >= 0) {
            return b;
        }
        int v = b & 0x7f;
        int shift = 7;
        do {
            b = buf[++pos];
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return v;
    }

    /** The position after the varint at {@code pos} of a well-formed buffer. */
    static int skipVarint(byte[] buf, int pos) {
        while (buf[pos] < 0) {
            pos++;
        }
        return pos + 1;
    }

    public static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
