package io.gristmill.cluster;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks shared by the tests of the hand-written message codecs. */
final class WireTestSupport {
    private WireTestSupport() {
    }

    /** Every prefix of {@code message}, the empty one included, fails with an error that names {@code kind}. */
    static void assertEveryCutRefused(Buffer message, Function<Object, ?> decode, String kind) {
        for (int length = 0; length < message.length(); length++) {
            Buffer cut = message.getBuffer(0, length);
            String error = assertThrows(IllegalArgumentException.class, () -> decode.apply(cut),
                    "cut at " + length).getMessage();
            assertTrue(error.contains(kind), "cut at " + length + ": " + error);
        }
    }

    /** How often {@code text}'s UTF-8 bytes occur in {@code bytes}. */
    static int occurrences(Buffer bytes, String text) {
        String haystack = new String(bytes.getBytes(), StandardCharsets.ISO_8859_1);
        String needle = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        int count = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
