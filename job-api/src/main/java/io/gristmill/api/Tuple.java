package io.gristmill.api;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable ordered tuple, the composite key of the job API (encoded by {@link Serdes#tuple()}).
 *
 * <p>Each element is a {@link String}, {@link Integer}, {@link Long}, {@link Double} or {@code byte[]}; byte arrays
 * are copied in and out, so a tuple never shares mutable state. Tuples are ordered element by element, each by its
 * natural order, and a tuple that is a proper prefix of another sorts first. Strings compare in Unicode code-point
 * order (which differs from {@link String#compareTo} for supplementary characters), byte arrays as unsigned bytes,
 * doubles as {@link Double#compare} ({@code -0.0 < 0.0}, NaN last). Elements of different types at the same
 * position order by type: {@code Integer < Long < Double < String < byte[]}. This is exactly the unsigned byte
 * order of the encoding, so tuple keys sort correctly without a custom comparator.
 *
 * <p>Strings must be well-formed UTF-16: like {@link Serdes#string()}, an unpaired surrogate is encoded as
 * {@code '?'}. Immutable and safe to share between threads.
 */
public final class Tuple implements Comparable<Tuple> {
    private static final Tuple EMPTY = new Tuple(new Object[0]);

    private final Object[] elements;

    private Tuple(Object[] elements) {
        this.elements = elements;
    }

    /**
     * A tuple of the given elements, in order.
     *
     * @throws NullPointerException     if an element is null
     * @throws IllegalArgumentException if an element is not of a supported type
     */
    public static Tuple of(Object... elements) {
        Object[] copy = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            copy[i] = checked(elements[i], i);
        }
        return new Tuple(copy);
    }

    /** The tuple with no elements. */
    public static Tuple empty() {
        return EMPTY;
    }

    public int size() {
        return elements.length;
    }

    /** Element {@code index}; a {@code byte[]} element is returned as a copy. */
    public Object get(int index) {
        Object e = elements[index];
        return e instanceof byte[] b ? b.clone() : e;
    }

    public String getString(int index) {
        return as(index, String.class);
    }

    public int getInt(int index) {
        return as(index, Integer.class);
    }

    public long getLong(int index) {
        return as(index, Long.class);
    }

    public double getDouble(int index) {
        return as(index, Double.class);
    }

    /** A copy of the {@code byte[]} element at {@code index}. */
    public byte[] getBytes(int index) {
        return as(index, byte[].class).clone();
    }

    /** A new tuple of this tuple's elements followed by {@code more}. */
    public Tuple append(Object... more) {
        Object[] all = Arrays.copyOf(elements, elements.length + more.length);
        System.arraycopy(more, 0, all, elements.length, more.length);
        return of(all);
    }

    /** The order described in the class documentation, equal to the unsigned byte order of the encoding. */
    @Override
    public int compareTo(Tuple o) {
        int common = Math.min(elements.length, o.elements.length);
        for (int i = 0; i < common; i++) {
            int c = compareElements(elements[i], o.elements[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(elements.length, o.elements.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tuple t && Arrays.deepEquals(elements, t.elements);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(elements);
    }

    /** Like {@code (word, 3, 2.5, 0x0a0b)}: elements separated by ", ", byte arrays in hex. For debugging. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < elements.length; i++) {
            sb.append(i == 0 ? "" : ", ");
            Object e = elements[i];
            sb.append(e instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : e);
        }
        return sb.append(')').toString();
    }

    /** Elements for the codec, without copying. */
    Object rawElement(int index) {
        return elements[index];
    }

    static Tuple wrap(Object[] elements) {
        return new Tuple(elements);
    }

    /** Rank of an element's type in the cross-type order; also its tag in the encoding. */
    static int typeTag(Object element) {
        if (element instanceof Integer) {
            return TupleCodec.INT;
        } else if (element instanceof Long) {
            return TupleCodec.LONG;
        } else if (element instanceof Double) {
            return TupleCodec.DOUBLE;
        } else if (element instanceof String) {
            return TupleCodec.STRING;
        } else if (element instanceof byte[]) {
            return TupleCodec.BYTES;
        }
        return -1;
    }

    private static Object checked(Object element, int index) {
        Objects.requireNonNull(element, () -> "tuple element " + index + " is null");
        if (typeTag(element) < 0) {
            throw new IllegalArgumentException("tuple element " + index + " has unsupported type "
                    + element.getClass().getName() + "; use String, Integer, Long, Double or byte[]");
        }
        return element instanceof byte[] b ? b.clone() : element;
    }

    private <T> T as(int index, Class<T> type) {
        Object e = elements[index];
        if (!type.isInstance(e)) {
            throw new ClassCastException("tuple element " + index + " is a " + e.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(e);
    }

    private static int compareElements(Object a, Object b) {
        int c = Integer.compare(typeTag(a), typeTag(b));
        if (c != 0) {
            return c;
        }
        if (a instanceof String s) {
            return compareCodePoints(s, (String) b);
        } else if (a instanceof byte[] x) {
            return Arrays.compareUnsigned(x, (byte[]) b);
        } else if (a instanceof Double d) {
            return Double.compare(d, (Double) b);
        }
        return a instanceof Integer i ? Integer.compare(i, (Integer) b) : Long.compare((Long) a, (Long) b);
    }

    /** Unicode code-point order, which is the byte order of UTF-8. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
