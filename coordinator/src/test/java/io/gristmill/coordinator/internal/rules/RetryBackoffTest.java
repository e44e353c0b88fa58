package io.gristmill.coordinator.internal.rules;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryBackoffTest {
    @Test
    void the_wait_starts_at_one_second_doubles_and_stops_at_thirty() {
        assertEquals(0, RetryBackoff.delayMillis(0));
        assertEquals(1_000, RetryBackoff.delayMillis(1));
        assertEquals(2_000, RetryBackoff.delayMillis(2));
        assertEquals(4_000, RetryBackoff.delayMillis(3));
        assertEquals(16_000, RetryBackoff.delayMillis(5));
        assertEquals(30_000, RetryBackoff.delayMillis(6));
        assertEquals(30_000, RetryBackoff.delayMillis(100));
    }
}
