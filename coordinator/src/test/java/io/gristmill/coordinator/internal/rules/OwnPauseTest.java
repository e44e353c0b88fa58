package io.gristmill.coordinator.internal.rules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnPauseTest {
    @Test
    void checks_a_second_apart_are_no_pause_and_a_gap_over_the_tolerance_is_one_once() {
        OwnPause pause = new OwnPause(5_000);
        assertFalse(pause.pausedBefore(1_000), "the first check has nothing to compare with");
        assertFalse(pause.pausedBefore(2_000));
        assertFalse(pause.pausedBefore(7_000), "exactly the tolerance is not a pause");
        assertTrue(pause.pausedBefore(12_001), "frozen for over 5 s");
        assertFalse(pause.pausedBefore(13_001), "running again: the next check is on time");
    }
}
