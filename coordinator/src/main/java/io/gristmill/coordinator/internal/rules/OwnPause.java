package io.gristmill.coordinator.internal.rules;

/**
 * Tells whether the coordinator itself stopped running between two of its periodic checks: frozen
 * ({@code kill -STOP}), suspended with its host, or stuck in a long GC pause. Workers' heartbeats that did not
 * arrive during such a gap say nothing about the workers, so the heartbeat check must not declare them dead for it:
 * a frozen coordinator that wakes after a standby took over would otherwise answer its workers' queued heartbeats
 * with STALE_WORKER before it notices it is superseded, and they would drop every map output they hold.
 */
public final class OwnPause {
    private final long toleranceMillis;
    private long lastCheckMillis = -1;

    /** @param toleranceMillis a gap between checks longer than this is a pause (checks run several times a second) */
    public OwnPause(long toleranceMillis) {
        this.toleranceMillis = toleranceMillis;
    }

    /** Records a check at {@code nowMillis}; true if more than the tolerance passed since the previous one. */
    public boolean pausedBefore(long nowMillis) {
        boolean paused = lastCheckMillis >= 0 && nowMillis - lastCheckMillis > toleranceMillis;
        lastCheckMillis = nowMillis;
        return paused;
    }
}
