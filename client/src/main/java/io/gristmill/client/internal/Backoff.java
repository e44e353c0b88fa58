package io.gristmill.client.internal;

import java.time.Duration;

/** Waits between tries: 200 ms, doubling, at most 2 s. Not thread-safe: one per call. */
final class Backoff {
    static final Duration FIRST = Duration.ofMillis(200);
    static final Duration MAX = Duration.ofSeconds(2);

    private Duration next = FIRST;

    /** How long to wait now; the next wait is twice as long, up to {@link #MAX}. */
    Duration next() {
        Duration now = next;
        next = now.multipliedBy(2).compareTo(MAX) > 0 ? MAX : now.multipliedBy(2);
        return now;
    }
}
