package io.gristmill.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The built-in serdes. Each encodes so that <strong>unsigned byte order equals the natural order</strong> of the
 * values, so keys sort correctly without a custom comparator:
 * <ul>
 *   <li>strings and {@link Text} as UTF-8, which is Unicode code-point order. This differs from
 *       {@link String#compareTo} (UTF-16 code units) for characters outside the Basic Multilingual Plane
 *       (surrogate pairs), which sort after U+E000..U+FFFF here;</li>
 *   <li>ints and longs big-endian with the sign bit flipped, so negatives sort first;</li>
 *   <li>doubles as their IEEE bits, all bits flipped for negatives and only the sign bit for positives:
 *       {@code -Infinity < negatives < -0.0 < 0.0 < positives < Infinity < NaN};</li>
 *   <li>byte arrays as themselves; {@link Tuple}s element by element (see {@link #tuple()}).</li>
 * </ul>
 * All are stateless and safe to share between threads.
 */
public final class Serdes {
    private Serdes() {
    }

    private static final Serde<String> STRING = new Serde<>() {
        @Override
        public void write(String value, BytesOut out) {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String read(byte[] bytes, int offset, int length, String reuse) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
    };

    private static final Serde<Text> TEXT = new Serde<>() {
        @Override
        public void write(Text value, BytesOut out) {
            out.write(value.bytes(), value.offset(), value.length());
        }

        @Override
        public Text read(byte[] bytes, int offset, int length, Text reuse) {
            return (reuse == null ? new Text() : reuse).set(bytes, offset, length);
        }
    };

    private static final Serde<Integer> INT = new Serde<>() {
        @Override
        public void write(Integer value, BytesOut out) {
            out.writeInt(value ^ Integer.MIN_VALUE);
        }

        @Override
        public Integer read(byte[] bytes, int offset, int length, Integer reuse) {
            return readInt(bytes, offset, length);
        }
    };

    private static final Serde<Long> LONG = new Serde<>() {
        @Override
        public void write(Long value, BytesOut out) {
            out.writeLong(value ^ Long.MIN_VALUE);
        }

        @Override
        public Long read(byte[] bytes, int offset, int length, Long reuse) {
            return readLong(bytes, offset, length);
        }
    };

    private static final Serde<MutableLong> MUTABLE_LONG = new Serde<>() {
        @Override
        public void write(MutableLong value, BytesOut out) {
            out.writeLong(value.get() ^ Long.MIN_VALUE);
        }

        @Override
        public MutableLong read(byte[] bytes, int offset, int length, MutableLong reuse) {
            return (reuse == null ? new MutableLong() : reuse).set(readLong(bytes, offset, length));
        }
    };

    private static final Serde<MutableInt> MUTABLE_INT = new Serde<>() {
        @Override
        public void write(MutableInt value, BytesOut out) {
            out.writeInt(value.get() ^ Integer.MIN_VALUE);
        }

        @Override
        public MutableInt read(byte[] bytes, int offset, int length, MutableInt reuse) {
            return (reuse == null ? new MutableInt() : reuse).set(readInt(bytes, offset, length));
        }
    };

    private static final Serde<MutableDouble> MUTABLE_DOUBLE = new Serde<>() {
        @Override
        public void write(MutableDouble value, BytesOut out) {
            out.writeLong(encodeDouble(value.get()));
        }

        @Override
        public MutableDouble read(byte[] bytes, int offset, int length, MutableDouble reuse) {
            return (reuse == null ? new MutableDouble() : reuse).set(decodeDouble(readRawLong(bytes, offset, length)));
        }
    };

    private static final Serde<Tuple> TUPLE = new Serde<>() {
        @Override
        public void write(Tuple value, BytesOut out) {
            TupleCodec.write(value, out);
        }

        @Override
        public Tuple read(byte[] bytes, int offset, int length, Tuple reuse) {
            return TupleCodec.read(bytes, offset, length);
        }
    };

    private static final Serde<Double> DOUBLE = new Serde<>() {
        @Override
        public void write(Double value, BytesOut out) {
            out.writeLong(encodeDouble(value));
        }

        @Override
        public Double read(byte[] bytes, int offset, int length, Double reuse) {
            return decodeDouble(readRawLong(bytes, offset, length));
        }
    };

    private static final Serde<byte[]> BYTES = new Serde<>() {
        @Override
        public void write(byte[] value, BytesOut out) {
            out.write(value);
        }

        @Override
        public byte[] read(byte[] bytes, int offset, int length, byte[] reuse) {
            return Arrays.copyOfRange(bytes, offset, offset + length);
        }
    };

    private static final Serde<None> NONE = new Serde<>() {
        @Override
        public void write(None value, BytesOut out) {
        }

        @Override
        public None read(byte[] bytes, int offset, int length, None reuse) {
            return None.INSTANCE;
        }
    };

    /** UTF-8 strings; byte order is code-point order. */
    public static Serde<String> string() {
        return STRING;
    }

    /** Reusable UTF-8 {@link Text}; reads into the {@code reuse} object when given. */
    public static Serde<Text> text() {
        return TEXT;
    }

    public static Serde<Integer> ints() {
        return INT;
    }

    public static Serde<Long> longs() {
        return LONG;
    }

    /** Reusable {@link MutableLong}s, encoded like {@link #longs()}. */
    public static Serde<MutableLong> mutableLongs() {
        return MUTABLE_LONG;
    }

    /** Reusable {@link MutableInt}s, encoded like {@link #ints()}. */
    public static Serde<MutableInt> mutableInts() {
        return MUTABLE_INT;
    }

    /** Reusable {@link MutableDouble}s, encoded like {@link #doubles()}. */
    public static Serde<MutableDouble> mutableDoubles() {
        return MUTABLE_DOUBLE;
    }

    /**
     * {@link Tuple}s, ordered by unsigned bytes exactly as {@link Tuple#compareTo}: per element a type tag byte,
     * then ints, longs and doubles in the encodings above, and strings (UTF-8) and byte arrays with each
     * {@code 0x00} escaped as {@code 0x00 0xFF} and a terminating {@code 0x00}. Elements are self-delimiting, so
     * {@link TupleComparators} can compare or hash a prefix of the elements without decoding.
     */
    public static Serde<Tuple> tuple() {
        return TUPLE;
    }

    public static Serde<Double> doubles() {
        return DOUBLE;
    }

    public static Serde<byte[]> bytes() {
        return BYTES;
    }

    /** The "no value" type: zero bytes; text output then writes the key alone. */
    public static Serde<None> none() {
        return NONE;
    }

    /** Order-preserving bits of a double (see the class documentation); NaNs are made canonical. */
    static long encodeDouble(double value) {
        long bits = Double.doubleToLongBits(value);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    static double decodeDouble(long encoded) {
        long bits = encoded < 0 ? encoded ^ Long.MIN_VALUE : ~encoded;
        return Double.longBitsToDouble(bits);
    }

    static int readInt(byte[] b, int offset, int length) {
        requireLength(4, length);
        int raw = (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8
                | (b[offset + 3] & 0xff);
        return raw ^ Integer.MIN_VALUE;
    }

    static long readLong(byte[] b, int offset, int length) {
        return readRawLong(b, offset, length) ^ Long.MIN_VALUE;
    }

    static long readRawLong(byte[] b, int offset, int length) {
        requireLength(8, length);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[offset + i] & 0xff);
        }
        return v;
    }

    private static void requireLength(int expected, int actual) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " bytes, got " + actual);
        }
    }
}
