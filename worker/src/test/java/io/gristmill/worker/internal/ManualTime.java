package io.gristmill.worker.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock and timer that move only when the test says so: {@link #advance} runs the actions that fall due. */
final class ManualTime implements CancellationWatchdog.Timer {
    private record Due(long atMillis, long order, Runnable action) {
    }

    private final List<Due> pending = new ArrayList<>();
    private long now;
    private long scheduled;

    long millis() {
        return now;
    }

    @Override
    public void schedule(long delayMillis, Runnable action) {
        pending.add(new Due(now + delayMillis, scheduled++, action));
    }

    /** Moves the clock forward, running each due action at its own time, in order. */
    void advance(long millis) {
        long target = now + millis;
        while (true) {
            Due next = pending.stream().filter(d -> d.atMillis() <= target)
                    .min(Comparator.comparingLong(Due::atMillis).thenComparingLong(Due::order)).orElse(null);
            if (next == null) {
                break;
            }
            pending.remove(next);
            now = next.atMillis();
            next.action().run();
        }
        now = target;
    }
}
