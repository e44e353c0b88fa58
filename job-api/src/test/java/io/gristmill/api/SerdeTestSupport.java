package io.gristmill.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Helpers shared by the serde tests. */
final class SerdeTestSupport {
    private SerdeTestSupport() {
    }

    static <T> byte[] encode(Serde<T> serde, T value) {
        BytesOut out = new BytesOut(1);
        serde.write(value, out);
        return out.toByteArray();
    }

    /** Encodes behind some junk bytes and decodes from that offset, so offsets are honoured. */
    static <T> T roundTrip(Serde<T> serde, T value, T reuse) {
        BytesOut out = new BytesOut(1);
        out.write(new byte[] {7, 0, -1});
        serde.write(value, out);
        int length = out.size() - 3;
        out.write(new byte[] {9, 9});
        return serde.read(out.toByteArray(), 3, length, reuse);
    }

    /** For every pair, the sign of the natural comparison equals the sign of the unsigned byte comparison. */
    static <T> void assertByteOrderIsNaturalOrder(Serde<T> serde, List<T> values, Comparator<? super T> natural) {
        byte[][] encoded = values.stream().map(v -> encode(serde, v)).toArray(byte[][]::new);
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < values.size(); j++) {
                int expected = Integer.signum(natural.compare(values.get(i), values.get(j)));
                int actual = Integer.signum(Arrays.compareUnsigned(encoded[i], encoded[j]));
                if (expected != actual) {
                    fail("natural order " + expected + " but byte order " + actual + " for " + show(values.get(i))
                            + " vs " + show(values.get(j)));
                }
            }
        }
    }

    static String show(Object o) {
        if (o instanceof String s) {
            return s.codePoints().mapToObj(Integer::toHexString).toList().toString();
        }
        return o instanceof byte[] b ? Arrays.toString(b) : String.valueOf(o);
    }

    /** Code-point order, written independently of the code under test. */
    static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** A random well-formed string mixing ASCII, \0, 2-, 3- and 4-byte UTF-8 characters and U+FFFF. */
    static String randomString(Random random, int maxLength) {
        int[] pool = {0, 1, 'a', 'b', 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000,
            0x1f600, 0x10ffff};
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(random.nextBoolean() ? pool[random.nextInt(pool.length)] : randomCodePoint(random));
        }
        return sb.toString();
    }

    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x110000) : random.nextInt(0x800);
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                return cp;
            }
        }
    }

    static byte[] randomBytes(Random random, int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < b.length; i++) {
            int r = random.nextInt(4);
            b[i] = (byte) (r == 0 ? 0 : r == 1 ? 0xff : random.nextInt(256));
        }
        return b;
    }

    static void assertSameBytes(byte[] expected, byte[] actual) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual));
    }
}
