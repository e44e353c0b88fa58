package io.gristmill.worker.internal.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The aggregator's per-record key summary (prefix, tail, hash): 8-byte loads when it can, the same values as a byte
 * loop when not.
 */
class HashAggregatorKeyTest {
    @Test
    void prefixTailAndHashAreTheSameWhetherTheKeyEndsTheArrayOrIsFollowedByOtherBytes() {
        byte[] word = "abcdefghijklmnopqrst".getBytes(StandardCharsets.UTF_8);
        for (int len = 0; len <= word.length; len++) {
            byte[] exact = Arrays.copyOf(word, len); // no room for an 8-byte load: the loop path
            byte[] inLine = ("xx" + new String(word, 0, len, StandardCharsets.UTF_8) + "zzzzzzzzzz")
                    .getBytes(StandardCharsets.UTF_8); // followed by other bytes: the load path, masked
            assertEquals(HashAggregator.prefix(exact, 0, len), HashAggregator.prefix(inLine, 2, len), "length " + len);
            long tail = len > 7 ? HashAggregator.tail(exact, 0, len) : 0;
            if (len > 7) {
                assertEquals(tail, HashAggregator.tail(inLine, 2, len), "length " + len);
            }
            assertEquals(HashAggregator.hash(HashAggregator.prefix(exact, 0, len), tail, exact, 0, len),
                    HashAggregator.hash(HashAggregator.prefix(inLine, 2, len), tail, inLine, 2, len), "length " + len);
        }
    }

    @Test
    void prefixHoldsTheLengthSoThatAShortKeyDiffersFromItsZeroPaddedExtension() {
        byte[] a = {'a', 0, 0, 0, 0, 0, 0, 0, 0};
        assertNotEquals(HashAggregator.prefix(a, 0, 1), HashAggregator.prefix(a, 0, 2));
        assertEquals(0xFFL, HashAggregator.prefix(new byte[300], 0, 300) >>> 56, "lengths are capped at 255");
    }

    @Test
    void keysThatShareTheirFirstSevenBytesDifferInTailAndHash() {
        byte[] one = "abcdefgXYZ".getBytes(StandardCharsets.UTF_8);
        byte[] two = "abcdefgXYW".getBytes(StandardCharsets.UTF_8);
        long prefix = HashAggregator.prefix(one, 0, one.length);
        assertEquals(prefix, HashAggregator.prefix(two, 0, two.length));
        long tailOne = HashAggregator.tail(one, 0, one.length);
        long tailTwo = HashAggregator.tail(two, 0, two.length);
        assertNotEquals(tailOne, tailTwo);
        assertNotEquals(HashAggregator.hash(prefix, tailOne, one, 0, one.length),
                HashAggregator.hash(prefix, tailTwo, two, 0, two.length));
    }

    @Test
    void keysThatShareTheirFirstFifteenBytesHashApart() {
        byte[] one = "abcdefghijklmnoXYZ".getBytes(StandardCharsets.UTF_8);
        byte[] two = "abcdefghijklmnoXYW".getBytes(StandardCharsets.UTF_8);
        long prefix = HashAggregator.prefix(one, 0, one.length);
        long tail = HashAggregator.tail(one, 0, one.length);
        assertEquals(tail, HashAggregator.tail(two, 0, two.length));
        assertNotEquals(HashAggregator.hash(prefix, tail, one, 0, one.length),
                HashAggregator.hash(prefix, tail, two, 0, two.length));
    }
}
