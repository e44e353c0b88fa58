package io.gristmill.worker.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CancellationWatchdogTest {
    private static final long TIMEOUT = 30_000;

    private final ManualTime time = new ManualTime();
    private final List<String> warned = new ArrayList<>();
    private final List<String> fatal = new ArrayList<>();

    private CancellationWatchdog watchdog(int slots) {
        return new CancellationWatchdog(Duration.ofMillis(TIMEOUT), slots, time::millis, time,
                new CancellationWatchdog.Listener() {
                    @Override
                    public void stuck(String attempt, Duration sinceStop) {
                        warned.add(attempt + " after " + sinceStop.toMillis());
                    }

                    @Override
                    public void fatal(List<String> attempts, String reason) {
                        fatal.add(attempts + ": " + reason);
                    }
                });
    }

    @Test
    void whenAnAttemptStopsWithinTheTimeout_thenItIsNeverStuck() {
        CancellationWatchdog watchdog = watchdog(2);
        watchdog.stopRequested("a", () -> true);
        time.advance(TIMEOUT - 1);
        watchdog.ended("a");
        time.advance(3 * TIMEOUT);

        assertEquals(List.of(), watchdog.stuck());
        assertEquals(List.of(), warned);
        assertEquals(List.of(), fatal);
    }

    @Test
    void whenAnAttemptStillRunsAtTheTimeout_thenItIsStuckAndWarnedOnce() {
        CancellationWatchdog watchdog = watchdog(2);
        watchdog.stopRequested("a", () -> true);
        time.advance(TIMEOUT - 1);
        assertEquals(List.of(), watchdog.stuck(), "not yet");

        time.advance(1);
        assertEquals(List.of("a"), watchdog.stuck());
        assertEquals(1, watchdog.stuckCount());
        time.advance(TIMEOUT / 2);
        watchdog.stopRequested("a", () -> true); // told again: still the first request's clock
        assertEquals(List.of("a after " + TIMEOUT), warned);
        assertEquals(List.of(), fatal, "one stuck attempt of two slots is not yet fatal");
    }

    @Test
    void whenAStuckAttemptEnds_thenItIsNoLongerStuckOrFatal() {
        CancellationWatchdog watchdog = watchdog(2);
        watchdog.stopRequested("a", () -> true);
        time.advance(TIMEOUT);
        watchdog.ended("a");
        time.advance(5 * TIMEOUT);

        assertEquals(List.of(), watchdog.stuck());
        assertEquals(0, watchdog.stuckCount());
        assertEquals(List.of(), fatal);
    }

    @Test
    void whenAStuckAttemptStillRunsTwiceTheTimeoutAfterItsStop_thenTheWorkerIsDoomedOnceNamingIt() {
        CancellationWatchdog watchdog = watchdog(4);
        watchdog.stopRequested("a", () -> true);
        time.advance(TIMEOUT);
        watchdog.stopRequested("b", () -> true);
        time.advance(TIMEOUT - 1);
        assertEquals(List.of(), fatal);

        time.advance(1);
        assertEquals(1, fatal.size());
        assertTrue(fatal.get(0).startsWith("[a]: still running 60 s"), fatal.get(0));
        time.advance(10 * TIMEOUT);
        assertEquals(1, fatal.size(), "fatal once");
    }

    @Test
    void whenStuckAttemptsHoldEverySlot_thenTheWorkerIsDoomedAtOnceNamingThemAll() {
        CancellationWatchdog watchdog = watchdog(2);
        watchdog.stopRequested("a", () -> true);
        time.advance(1000);
        watchdog.stopRequested("b", () -> true);
        time.advance(TIMEOUT - 1000);
        assertEquals(List.of(), fatal, "one of two slots stuck");

        time.advance(1000);
        assertEquals(List.of("[a, b]: stuck attempts hold all 2 slots"), fatal);
    }

    @Test
    void whenTheThreadIsNotInTheStoppedAttempt_thenItIsNotStuckUntilItIs() {
        CancellationWatchdog watchdog = watchdog(2);
        AtomicBoolean inThread = new AtomicBoolean(false); // its bundle's thread still runs an earlier attempt
        watchdog.stopRequested("a", inThread::get);
        time.advance(3 * TIMEOUT);
        assertEquals(List.of(), watchdog.stuck());

        inThread.set(true);
        time.advance(TIMEOUT);
        assertEquals(List.of("a"), watchdog.stuck());
        assertEquals(List.of(), fatal);
        time.advance(TIMEOUT);
        assertEquals(1, fatal.size(), "a second period after it was found stuck");
    }
}
