package io.gristmill.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The order-preserving encoding of {@link Tuple}: per element a type tag byte, then numbers in the fixed-width
 * encodings of {@link Serdes} and strings (UTF-8) and byte arrays escaped ({@code 0x00 -> 0x00 0xFF}) and
 * terminated by {@code 0x00}. Elements are self-delimiting, tags are below {@code 0xFF}, so the unsigned byte order
 * of encodings is the tuple order and a prefix tuple encodes to a byte prefix.
 */
final class TupleCodec {
    static final int INT = 0x01;
    static final int LONG = 0x02;
    static final int DOUBLE = 0x03;
    static final int STRING = 0x04;
    static final int BYTES = 0x05;

    private TupleCodec() {
    }

    static void write(Tuple tuple, BytesOut out) {
        for (int i = 0; i < tuple.size(); i++) {
            writeElement(tuple.rawElement(i), out);
        }
    }

    private static void writeElement(Object e, BytesOut out) {
        out.write(Tuple.typeTag(e));
        if (e instanceof Integer v) {
            out.writeInt(v ^ Integer.MIN_VALUE);
        } else if (e instanceof Long v) {
            out.writeLong(v ^ Long.MIN_VALUE);
        } else if (e instanceof Double v) {
            out.writeLong(Serdes.encodeDouble(v));
        } else {
            writeEscaped(e instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) e, out);
        }
    }

    private static void writeEscaped(byte[] bytes, BytesOut out) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0);
    }

    static Tuple read(byte[] bytes, int offset, int length) {
        List<Object> elements = new ArrayList<>();
        int end = offset + length;
        for (int pos = offset; pos < end; ) {
            int next = skipElement(bytes, pos, end);
            elements.add(readElement(bytes, pos, next));
            pos = next;
        }
        return Tuple.wrap(elements.toArray());
    }

    private static Object readElement(byte[] b, int pos, int end) {
        int tag = b[pos] & 0xff;
        switch (tag) {
            case INT:
                return Serdes.readInt(b, pos + 1, 4);
            case LONG:
                return Serdes.readLong(b, pos + 1, 8);
            case DOUBLE:
                return Serdes.decodeDouble(Serdes.readRawLong(b, pos + 1, 8));
            case STRING:
                return new String(unescape(b, pos + 1, end), StandardCharsets.UTF_8);
            default:
                return unescape(b, pos + 1, end);
        }
    }

    private static byte[] unescape(byte[] b, int from, int end) {
        BytesOut out = new BytesOut(end - from);
        for (int i = from; b[i] != 0 || isEscapedZero(b, i, end); i++) {
            out.write(b[i]);
            i += b[i] == 0 ? 1 : 0;
        }
        return out.toByteArray();
    }

    /**
     * The offset just past the first {@code n} elements encoded at {@code offset}, or {@code offset + length}
     * when there are fewer.
     */
    static int prefixEnd(byte[] bytes, int offset, int length, int n) {
        int end = offset + length;
        int pos = offset;
        for (int i = 0; i < n && pos < end; i++) {
            pos = skipElement(bytes, pos, end);
        }
        return pos;
    }

    /** The offset just past the element whose tag is at {@code pos}. */
    static int skipElement(byte[] b, int pos, int end) {
        int tag = b[pos] & 0xff;
        int next;
        switch (tag) {
            case INT:
                next = pos + 5;
                break;
            case LONG:
            case DOUBLE:
                next = pos + 9;
                break;
            case STRING:
            case BYTES:
                next = skipEscaped(b, pos + 1, end);
                break;
            default:
                throw new IllegalArgumentException("not a tuple encoding: unknown type tag " + tag + " at byte " + pos);
        }
        if (next > end) {
            throw new IllegalArgumentException("not a tuple encoding: element at byte " + pos + " is truncated");
        }
        return next;
    }

    /** The offset just past the terminating 0x00 of an escaped run starting at {@code from}. */
    private static int skipEscaped(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0 && !isEscapedZero(b, i, end)) {
                return i + 1;
            } else if (b[i] == 0) {
                i++;
            }
        }
        return end + 1;
    }

    private static boolean isEscapedZero(byte[] b, int i, int end) {
        return b[i] == 0 && i + 1 < end && b[i + 1] == (byte) 0xFF;
    }
}
