package io.gristmill.simulator;

import java.util.List;

/**
 * The attempts of one RUN message, "run" one after another in one slot, as the real worker's bundle thread does.
 * The worker drives it: {@link #current} is the attempt in hand, its modelled time a timer ({@link #timer}), or
 * for a reducer the wait for its last map output. Confined to its worker's event loop.
 */
final class SimBundle {
    private final List<SimAttempt> attempts;
    private int next;
    private SimAttempt current;
    private long timer = -1;
    private boolean running;
    private long step;
    private boolean ended;

    SimBundle(List<SimAttempt> attempts) {
        this.attempts = List.copyOf(attempts);
    }

    List<SimAttempt> attempts() {
        return attempts;
    }

    /** Moves to the next attempt not told to stop; null when every attempt has had its turn. */
    SimAttempt advance() {
        current = null;
        timer = -1;
        running = false;
        step++;
        while (next < attempts.size()) {
            SimAttempt attempt = attempts.get(next++);
            if (!attempt.stopped()) {
                current = attempt;
                return attempt;
            }
        }
        return null;
    }

    SimAttempt current() {
        return current;
    }

    /** Whether the current attempt's modelled time has begun (false while a reducer waits for its inputs). */
    boolean running() {
        return running;
    }

    /** The current attempt's modelled time begins; returns the step that a callback ending it must still match. */
    long startRunning() {
        running = true;
        return step;
    }

    /** Whether {@code startedAt} (from {@link #startRunning}) is still the step in hand: nothing moved on since. */
    boolean isStep(long startedAt) {
        return step == startedAt;
    }

    /** The timer of the current attempt's modelled time, -1 while none runs (a reducer waiting for inputs). */
    long timer() {
        return timer;
    }

    void timer(long id) {
        timer = id;
    }

    boolean allStopped() {
        return attempts.stream().allMatch(SimAttempt::stopped);
    }

    /** Marks the bundle ended; false if it already was (a kill and a timer can race to end it). */
    boolean end() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }
}
