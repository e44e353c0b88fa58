package io.gristmill.coordinator.internal.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskTimeoutTest {
    @Test
    void an_attempt_times_out_when_its_activity_has_not_moved_for_the_whole_timeout() {
        TaskTimeout timeout = new TaskTimeout(Duration.ofMinutes(10));
        long moved = 1_000_000;
        assertFalse(timeout.expired(moved, moved + 599_999));
        assertTrue(timeout.expired(moved, moved + 600_000));
        assertTrue(timeout.message().contains("no progress for 10m (taskTimeout)"), timeout.message());
    }

    @Test
    void zero_means_no_timeout() {
        assertFalse(new TaskTimeout(Duration.ZERO).expired(0, Long.MAX_VALUE / 2));
    }
}
