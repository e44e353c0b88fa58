package io.gristmill.worker.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Watches attempts that were told to stop until their threads let go of them (after Flink's task cancellation
 * watchdog). Cancelling is a request: job code that loops without looking at interrupts keeps its thread, and
 * with it a slot, for as long as it likes. The rules:
 * <ul>
 *   <li>an attempt whose thread is still in it {@code cancelTimeout} after it was told to stop is <em>stuck</em>:
 *       listed by {@link #stuck()} (and so in heartbeats), counted, and reported once to the listener;</li>
 *   <li>when stuck attempts hold every slot of the worker, or one is still in its thread another
 *       {@code cancelTimeout} after it was found stuck (twice the timeout after it was told to stop), the worker cannot recover by itself: the listener is told
 *       once that it is {@linkplain Listener#fatal fatal} (the worker process exits so that its supervisor starts
 *       a fresh one).</li>
 * </ul>
 * An attempt that its thread is not in (its bundle's thread is busy with an earlier attempt, and will skip it) is
 * not stuck; it is looked at again every {@code cancelTimeout} until it ends. Time comes from the injected clock and timer, so tests advance it by hand.
 * Confined to the worker's context: the timer must run its actions there.
 */
public final class CancellationWatchdog {
    /** Runs an action after a delay, on the watchdog's context. */
    public interface Timer {
        void schedule(long delayMillis, Runnable action);
    }

    /** What the worker does about the watchdog's findings. */
    public interface Listener {
        /** {@code attempt} did not stop within the cancel timeout. Called once per attempt. */
        void stuck(String attempt, Duration sinceStop);

        /** The worker cannot go on: {@code attempts} will not stop, for the reason given. Called at most once. */
        void fatal(List<String> attempts, String reason);
    }

    private static final class Watched {
        final long stoppedAtMillis;
        final BooleanSupplier inThread;
        long stuckAtMillis = -1;

        Watched(long stoppedAtMillis, BooleanSupplier inThread) {
            this.stoppedAtMillis = stoppedAtMillis;
            this.inThread = inThread;
        }
    }

    private final long timeoutMillis;
    private final int slots;
    private final LongSupplier clockMillis;
    private final Timer timer;
    private final Listener listener;
    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Map<String, Watched> stuck = new LinkedHashMap<>();
    private volatile int stuckCount;
    private boolean fatal;

    public CancellationWatchdog(Duration cancelTimeout, int slots, LongSupplier clockMillis, Timer timer,
                                Listener listener) {
        if (cancelTimeout.isNegative() || cancelTimeout.isZero()) {
            throw new IllegalArgumentException("cancelTimeout must be positive, got " + cancelTimeout);
        }
        this.timeoutMillis = cancelTimeout.toMillis();
        this.slots = slots;
        this.clockMillis = clockMillis;
        this.timer = timer;
        this.listener = listener;
    }

    /**
     * {@code attempt} was told to stop now.
     *
     * @param inThread whether its thread is still in it (running it, or awaiting its commit); read on this context
     */
    public void stopRequested(String attempt, BooleanSupplier inThread) {
        if (watched.containsKey(attempt)) {
            return;
        }
        watched.put(attempt, new Watched(clockMillis.getAsLong(), inThread));
        timer.schedule(timeoutMillis, () -> check(attempt));
    }

    /** {@code attempt}'s thread has ended (or left it for good): no longer watched, no longer stuck. */
    public void ended(String attempt) {
        watched.remove(attempt);
        if (stuck.remove(attempt) != null) {
            stuckCount = stuck.size();
        }
    }

    /** Stuck attempts, in the order they were told to stop. */
    public List<String> stuck() {
        return List.copyOf(stuck.keySet());
    }

    /** How many slots stuck attempts hold. Any thread (a metrics gauge). */
    public int stuckCount() {
        return stuckCount;
    }

    private void check(String attempt) {
        Watched w = watched.get(attempt);
        if (w == null || fatal) {
            return;
        }
        timer.schedule(timeoutMillis, () -> check(attempt));
        if (!w.inThread.getAsBoolean()) {
            return;
        }
        long now = clockMillis.getAsLong();
        if (w.stuckAtMillis < 0) {
            w.stuckAtMillis = now;
            stuck.put(attempt, w);
            stuckCount = stuck.size();
            listener.stuck(attempt, Duration.ofMillis(now - w.stoppedAtMillis));
            if (stuck.size() >= slots) {
                declareFatal(stuck(), "stuck attempts hold all " + slots + " slots");
            }
        } else if (now - w.stuckAtMillis >= timeoutMillis) {
            declareFatal(List.of(attempt), "still running " + Duration.ofMillis(now - w.stoppedAtMillis).toSeconds()
                    + " s after it was told to stop");
        }
    }

    private void declareFatal(List<String> attempts, String reason) {
        fatal = true;
        listener.fatal(attempts, reason);
    }
}
