package io.gristmill.coordinator.internal.input;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathTextTest {

    @Test
    void whenTextIsAnOrdinaryPath_thenItHasNoDefect() {
        assertEquals(Optional.empty(), PathText.defect("/data/é/\uD83D\uDE00/*.txt"));
    }

    @Test
    void whenTextHoldsANulOrAnUnpairedSurrogate_thenTheDefectSaysWhich() {
        assertTrue(PathText.defect("a\0b").orElseThrow().contains("NUL"));
        assertTrue(PathText.defect("a\uD800").orElseThrow().contains("surrogate"));
        assertTrue(PathText.defect("\uDC00a").orElseThrow().contains("surrogate"));
    }

    @Test
    void whenTextIsPrinted_thenControlCharactersAndUnpairedSurrogatesAreEscaped() {
        assertEquals("a\\u0000b\\u000Ac\\uD800d\uD83D\uDE00", PathText.printable("a\0b\nc\uD800d\uD83D\uDE00", 100));
    }

    @Test
    void whenTextIsLongerThanTheLimit_thenItIsCutWithoutSplittingASurrogatePair() {
        assertEquals("abc...", PathText.printable("abcdef", 3));
        assertEquals("ab\uD83D\uDE00...", PathText.printable("ab\uD83D\uDE00cd", 3));
        assertEquals("abc", PathText.printable("abc", 3));
    }
}
