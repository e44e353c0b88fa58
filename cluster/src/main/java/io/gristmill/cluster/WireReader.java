package io.gristmill.cluster;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one message written by {@link WireWriter} (its primitives are described there). Every failure — a body that
 * is not bytes, a first byte naming another format, a message cut short or damaged — is an
 * {@link IllegalArgumentException} whose message names the kind of message expected.
 */
final class WireReader {
    private final byte[] bytes;
    private int at;
    private final List<String> shared = new ArrayList<>();
    private String lastPath = "";

    private WireReader(byte[] bytes) {
        this.bytes = bytes;
        this.at = 1; // after the format byte, checked by read
    }

    /** Checks the format byte of {@code body}, then reads the message with {@code content}. */
    static <T> T read(Object body, WireFormat format, Function<WireReader, T> content) {
        if (!(body instanceof Buffer buffer)) {
            throw new IllegalArgumentException("expected " + format.kind + " as bytes, got "
                    + (body == null ? "nothing" : body.getClass().getSimpleName()));
        }
        byte[] bytes = buffer.getBytes();
        checkFormat(bytes, format);
        try {
            WireReader in = new WireReader(bytes);
            T message = content.apply(in);
            if (in.at != bytes.length) {
                throw new IllegalArgumentException((bytes.length - in.at) + " bytes left over");
            }
            return message;
        } catch (IndexOutOfBoundsException | IllegalArgumentException | NullPointerException e) {
            // NullPointerException: a damaged message gave null where a record refuses it
            throw new IllegalArgumentException(format.kind + " cut short or damaged: " + e.getMessage(), e);
        }
    }

    private static void checkFormat(byte[] bytes, WireFormat expected) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty " + expected.kind + " message");
        }
        byte tag = bytes[0];
        if (tag == expected.tag) {
            return;
        }
        String which = expected.kind + " (format " + expected.tag + ")";
        WireFormat other = WireFormat.of(tag);
        if (other != null) {
            throw new IllegalArgumentException("expected " + which + ", got " + other.kind + " (format " + tag + ")");
        }
        if (tag == WireFormat.JSON_OBJECT) {
            throw new IllegalArgumentException("expected " + which + ", got JSON: the sender runs an older Gristmill");
        }
        throw new IllegalArgumentException("expected " + which + ", got unknown format " + tag
                + ": the sender runs another Gristmill version");
    }

    private byte next() {
        if (at >= bytes.length) {
            throw new IndexOutOfBoundsException("ends at byte " + bytes.length);
        }
        return bytes[at++];
    }

    int varint() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = next();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (value < 0) {
                    throw new IllegalArgumentException("varint out of range");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    long signed() {
        long zigzag = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = next();
            zigzag |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (zigzag >>> 1) ^ -(zigzag & 1);
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    /** A {@link #signed} number that must fit an int. */
    int signedInt() {
        long value = signed();
        if (value != (int) value) {
            throw new IllegalArgumentException("int out of range: " + value);
        }
        return (int) value;
    }

    int int32() {
        return (next() & 0xff) << 24 | (next() & 0xff) << 16 | (next() & 0xff) << 8 | (next() & 0xff);
    }

    double float64() {
        long bits = (long) int32() << 32 | int32() & 0xffffffffL;
        return Double.longBitsToDouble(bits);
    }

    boolean present() {
        byte flag = next();
        if (flag != 0 && flag != 1) {
            throw new IllegalArgumentException("presence byte " + flag);
        }
        return flag == 1;
    }

    /** A count of items that follow: each takes at least one byte, so more than the bytes left is damage. */
    int count() {
        int n = varint();
        if (n > bytes.length - at) {
            throw new IllegalArgumentException("count " + n + " beyond the message");
        }
        return n;
    }

    /** A {@link WireWriter#size}: the count of what follows, or -1 for null. */
    int size() {
        int n = varint() - 1;
        if (n > bytes.length - at) {
            throw new IllegalArgumentException("count " + n + " beyond the message");
        }
        return n;
    }

    /** A {@link WireWriter#list}, or null. */
    <T> List<T> list(Function<WireReader, T> item) {
        int count = size();
        if (count < 0) {
            return null;
        }
        List<T> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(item.apply(this));
        }
        return values;
    }

    /** A {@link WireWriter#map}, or null; in the order it was written, as Jackson kept it. */
    <V> Map<String, V> map(Function<WireReader, V> value) {
        int count = size();
        if (count < 0) {
            return null;
        }
        Map<String, V> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            values.put(shared(), value.apply(this));
        }
        return values;
    }

    /** A {@link WireWriter#nullable}. */
    <T> T nullable(Function<WireReader, T> content) {
        return present() ? content.apply(this) : null;
    }

    String string() {
        return utf8(varint());
    }

    String nullableString() {
        int length = varint() - 1;
        return length < 0 ? null : utf8(length);
    }

    private String utf8(int length) {
        if (length > bytes.length - at) {
            throw new IllegalArgumentException("string of " + length + " bytes beyond the message");
        }
        String value = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return value;
    }

    String shared() {
        int ref = varint();
        if (ref == 0) {
            return null;
        }
        if (ref == 1) {
            String value = string();
            shared.add(value);
            return value;
        }
        if (ref - 2 >= shared.size()) {
            throw new IllegalArgumentException("shared string " + (ref - 2) + " not yet said");
        }
        return shared.get(ref - 2);
    }

    String path() {
        int common = varint() - 1;
        if (common < 0) {
            return null;
        }
        if (common > lastPath.length()) {
            throw new IllegalArgumentException("path shares " + common + " characters of a shorter one");
        }
        lastPath = lastPath.substring(0, common) + string();
        return lastPath;
    }
}
