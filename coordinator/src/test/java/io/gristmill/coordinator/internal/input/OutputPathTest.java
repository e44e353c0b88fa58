package io.gristmill.coordinator.internal.input;

import io.gristmill.coordinator.SpecException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputPathTest {

    private static SpecException refused(String text) {
        SpecException e = assertThrows(SpecException.class, () -> OutputPath.parse(text));
        assertEquals("output", e.field());
        return e;
    }

    @Test
    void whenTheOutputIsAbsolute_thenItIsNormalized() throws SpecException {
        assertEquals(Path.of("/data/out"), OutputPath.parse("/data/x/../out/."));
    }

    @Test
    void whenTheOutputIsRelative_thenItIsMadeAbsolute() throws SpecException {
        assertEquals(Path.of("out").toAbsolutePath(), OutputPath.parse("out"));
    }

    @Test
    void whenTheOutputIsMissingOrBlank_thenItIsRefused() {
        refused(null);
        refused("");
        refused("  ");
    }

    @Test
    void whenTheOutputHoldsANulCharacter_thenItIsRefusedAndTheMessageShowsItEscaped() {
        SpecException e = refused("/data/a\0b");
        assertTrue(e.getMessage().contains("NUL"), e.getMessage());
        assertTrue(e.getMessage().contains("/data/a\\u0000b"), e.getMessage());
        assertFalse(e.getMessage().contains("\0"), e.getMessage());
    }

    @Test
    void whenTheOutputHoldsAnUnpairedSurrogate_thenItIsRefusedAndTheMessageShowsItEscaped() {
        SpecException e = refused("/data/a\uD800b");
        assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
        assertTrue(e.getMessage().contains("/data/a\\uD800b"), e.getMessage());
        refused("/data/\uDC00");
    }

    @Test
    void whenTheOutputHoldsAPairedSurrogate_thenItIsAccepted() throws SpecException {
        assertEquals(Path.of("/data/\uD83D\uDE00"), OutputPath.parse("/data/\uD83D\uDE00"));
    }

    @Test
    void whenTheOutputIsAFileSystemRoot_thenItIsRefused() {
        assertTrue(refused("/").getMessage().contains("root"));
        refused("/data/..");
        refused("/../..");
        refused("//");
    }

    @Test
    void whenTheOutputIsVeryLong_thenTheMessageQuotesOnlyItsStart() {
        SpecException e = refused("/" + "a\0".repeat(10_000));
        assertTrue(e.getMessage().length() < 1_000, e.getMessage());
    }
}
