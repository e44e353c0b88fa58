package io.gristmill.worker.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotBookTest {
    @Test
    void whenEverySlotIsTaken_thenNoneIsFreeUntilABundleIsReleased() {
        SlotBook<String> book = new SlotBook<>(2);
        book.take("b1");
        book.take("b2");

        assertFalse(book.hasFreeSlot());
        assertThrows(IllegalStateException.class, () -> book.take("b3"));
        assertFalse(book.release("b1"), "a bundle of this incarnation");
        assertTrue(book.hasFreeSlot());
        assertEquals(1, book.busy());
    }

    @Test
    void whenTheIncarnationIsRetired_thenItsBundlesKeepTheirSlotsAsLeftovers() {
        SlotBook<String> book = new SlotBook<>(2);
        book.take("old");

        assertEquals(List.of("old"), book.retireCurrent());
        assertEquals(1, book.leftover());
        assertEquals(1, book.busy());
        book.take("new");
        assertFalse(book.hasFreeSlot(), "a leftover still holds its slot");
        assertTrue(book.release("old"), "released as a leftover");
        assertEquals(0, book.leftover());
        assertTrue(book.hasFreeSlot());
        assertEquals(List.of("new"), book.all());
    }

    @Test
    void whenABundleHoldsNoSlotOrTwo_thenItIsABug() {
        SlotBook<String> book = new SlotBook<>(3);
        book.take("b");

        assertThrows(IllegalStateException.class, () -> book.take("b"));
        assertThrows(IllegalStateException.class, () -> book.release("other"));
        book.release("b");
        assertThrows(IllegalStateException.class, () -> book.release("b"));
    }
}
