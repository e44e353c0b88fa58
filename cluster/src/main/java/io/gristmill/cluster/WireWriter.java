package io.gristmill.cluster;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes one hand-written binary message: its {@link WireFormat} byte, then the primitives below, which
 * {@link WireReader} reads back in the same order. One writer per message; not thread-safe.
 * <ul>
 *   <li>{@link #varint}: 7 bits a byte, low bits first, the high bit set on every byte but the last (counts, indexes);</li>
 *   <li>{@link #signed}: a long zig-zagged into a varint, so that small negative numbers stay short;</li>
 *   <li>{@link #string}: a varint UTF-8 length and the bytes; {@link #nullableString} writes length + 1, 0 = null;</li>
 *   <li>{@link #shared}: a string said once per message: 0 = null, 1 = a new string follows ({@link #string}), and
 *       k + 2 = the k-th new string of this message (job ids, epochs, counter names, hosts repeat);</li>
 *   <li>{@link #path}: a nullable string as the length + 1 of what it shares with the previous path of this message
 *       (0 = null), then the rest ({@link #string}): paths of one message mostly share their folders;</li>
 *   <li>{@link #size}: a collection's or map's size + 1, 0 = null; {@link #present}: one byte, 1 = present.</li>
 *   <li>{@link #list}, {@link #map} (shared keys) and {@link #nullable} put these together.</li>
 * </ul>
 */
final class WireWriter {
    private final Buffer out;
    private final Map<String, Integer> shared = new HashMap<>();
    private String lastPath = "";

    WireWriter(WireFormat format, int sizeHint) {
        out = Buffer.buffer(sizeHint);
        out.appendByte(format.tag);
    }

    Buffer buffer() {
        return out;
    }

    void varint(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative " + value);
        }
        while (value >= 0x80) {
            out.appendByte((byte) (value | 0x80));
            value >>>= 7;
        }
        out.appendByte((byte) value);
    }

    void signed(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.appendByte((byte) (zigzag | 0x80));
            zigzag >>>= 7;
        }
        out.appendByte((byte) zigzag);
    }

    void int32(int value) {
        out.appendInt(value);
    }

    void float64(double value) {
        out.appendDouble(value);
    }

    void present(Object value) {
        out.appendByte((byte) (value == null ? 0 : 1));
    }

    void size(Collection<?> values) {
        varint(values == null ? 0 : values.size() + 1);
    }

    void size(Map<?, ?> values) {
        varint(values == null ? 0 : values.size() + 1);
    }

    /** {@link #size}, then each item. */
    <T> void list(List<T> values, BiConsumer<WireWriter, T> item) {
        size(values);
        if (values != null) {
            values.forEach(value -> item.accept(this, value));
        }
    }

    /** {@link #size}, then per entry the key ({@link #shared}) and the value. */
    <V> void map(Map<String, V> values, BiConsumer<WireWriter, V> value) {
        size(values);
        if (values != null) {
            values.forEach((key, v) -> {
                shared(key);
                value.accept(this, v);
            });
        }
    }

    /** {@link #present}, then the value if there is one. */
    <T> void nullable(T value, BiConsumer<WireWriter, T> content) {
        present(value);
        if (value != null) {
            content.accept(this, value);
        }
    }

    void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length);
        out.appendBytes(utf8);
    }

    void nullableString(String value) {
        if (value == null) {
            varint(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length + 1);
        out.appendBytes(utf8);
    }

    void shared(String value) {
        if (value == null) {
            varint(0);
            return;
        }
        Integer index = shared.get(value);
        if (index != null) {
            varint(index + 2);
            return;
        }
        shared.put(value, shared.size());
        varint(1);
        string(value);
    }

    void path(String value) {
        if (value == null) {
            varint(0);
            return;
        }
        int common = commonPrefix(lastPath, value);
        varint(common + 1);
        string(value.substring(common));
        lastPath = value;
    }

    /** Never ends inside a surrogate pair: each half alone would not survive UTF-8. */
    private static int commonPrefix(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int common = 0;
        while (common < max && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        if (common > 0 && Character.isHighSurrogate(b.charAt(common - 1))) {
            common--;
        }
        return common;
    }
}
