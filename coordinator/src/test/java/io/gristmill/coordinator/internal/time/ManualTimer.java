package io.gristmill.coordinator.internal.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A clock and {@link Timer} that move only when a test calls {@link #advance}: due actions run in time order on the
 * test's thread, so time rules are tested in milliseconds of wall time.
 */
public final class ManualTimer implements Timer, LongSupplier {
    private final List<Pending> pending = new ArrayList<>();
    private long now;
    private long sequence;

    public ManualTimer(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long getAsLong() {
        return now;
    }

    @Override
    public Scheduled schedule(long delayMillis, Runnable action) {
        Pending scheduled = new Pending(now + Math.max(0, delayMillis), sequence++, action);
        pending.add(scheduled);
        return () -> pending.remove(scheduled);
    }

    /** Moves time forward by {@code millis}, running every action that falls due, in order. */
    public void advance(long millis) {
        long target = now + millis;
        while (true) {
            Pending next = pending.stream().filter(p -> p.dueMillis <= target)
                    .min(Comparator.comparingLong(Pending::dueMillis).thenComparingLong(Pending::order)).orElse(null);
            if (next == null) {
                break;
            }
            pending.remove(next);
            now = next.dueMillis;
            next.action.run();
        }
        now = target;
    }

    /** How many actions wait to run. */
    public int scheduled() {
        return pending.size();
    }

    private record Pending(long dueMillis, long order, Runnable action) {
    }
}
