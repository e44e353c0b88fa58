package io.gristmill.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A mutable run of UTF-8 bytes: the reusable text holder of the job API and the byte-level view of an input line.
 *
 * <p>A {@code Text} either owns its bytes ({@link #set}) or views someone else's ({@link #wrap}); the text input
 * format hands the mapper a view into its read buffer, valid only until the next record. Comparison, equality and
 * hashing are over the bytes (unsigned), which is Unicode code-point order. Not thread-safe.
 */
public final class Text implements Comparable<Text> {
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int offset;
    private int length;
    private boolean owned;

    public Text() {
    }

    public Text(String value) {
        set(value);
    }

    /** The array holding the bytes; read {@link #length()} bytes from {@link #offset()}. */
    public byte[] bytes() {
        return bytes;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Copies the bytes into storage this object owns. */
    public Text set(byte[] source, int sourceOffset, int sourceLength) {
        if (!owned || bytes.length < sourceLength) {
            bytes = new byte[Math.max(16, Math.max(sourceLength, owned ? bytes.length * 2 : 0))];
            owned = true;
        }
        System.arraycopy(source, sourceOffset, bytes, 0, sourceLength);
        offset = 0;
        length = sourceLength;
        return this;
    }

    public Text set(String value) {
        byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
        bytes = encoded;
        offset = 0;
        length = encoded.length;
        owned = true;
        return this;
    }

    public Text set(Text other) {
        return set(other.bytes, other.offset, other.length);
    }

    /** Points this object at {@code source} without copying; the caller keeps ownership of the array. */
    public Text wrap(byte[] source, int sourceOffset, int sourceLength) {
        bytes = source;
        offset = sourceOffset;
        length = sourceLength;
        owned = false;
        return this;
    }

    /** The byte at {@code index} (0-based from {@link #offset()}), as 0..255. */
    public int byteAt(int index) {
        return bytes[offset + index] & 0xff;
    }

    public byte[] copyBytes() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** A copy that owns its bytes; use it to keep a framework-passed text past the current call. */
    public Text copy() {
        return new Text().set(bytes, offset, length);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(Text o) {
        return Arrays.compareUnsigned(bytes, offset, offset + length, o.bytes, o.offset, o.offset + o.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Text t
                && Arrays.equals(bytes, offset, offset + length, t.bytes, t.offset, t.offset + t.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }
}
