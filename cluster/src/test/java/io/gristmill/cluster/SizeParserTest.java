package io.gristmill.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizeParserTest {

    @Test
    void whenPlainBytesAreGiven_thenTheyAreReturned() {
        assertEquals(12345, SizeParser.parse("12345"));
        assertEquals(0, SizeParser.parse("0"));
    }

    @Test
    void whenUnitsAreGiven_thenPowersOf1024AreUsedIgnoringCase() {
        assertEquals(512L << 10, SizeParser.parse("512k"));
        assertEquals(64L << 20, SizeParser.parse("64M"));
        assertEquals(1L << 30, SizeParser.parse("1g"));
        assertEquals(2L << 40, SizeParser.parse("2T"));
        assertEquals(64L << 20, SizeParser.parse(" 64 MB "));
        assertEquals(64L << 20, SizeParser.parse("64MiB"));
    }

    @Test
    void whenAFractionIsGiven_thenItIsScaled() {
        assertEquals(1572864, SizeParser.parse("1.5m"));
    }

    @Test
    void whenTheSizeIsMalformed_thenTheMessageQuotesIt() {
        for (String bad : new String[] {"abc", "-1", "64x", "m", "1.2.3", "64 m b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SizeParser.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void whenTheSizeIsNotAWholeNumberOfBytes_thenItIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SizeParser.parse("0.3k"));
        assertThrows(IllegalArgumentException.class, () -> SizeParser.parse("1.5"));
    }

    @Test
    void whenTheSizeOverflowsALong_thenItIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SizeParser.parse("9000000t"));
    }

    @Test
    void whenTheSizeIsEmpty_thenItIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SizeParser.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> SizeParser.parse(null));
    }
}
