package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The map outputs one reduce attempt knows about, keyed by map task: added as the coordinator's map output log says
 * they are ready (see {@link MapOutputPoller}), dropped when it says they are obsolete. The reduce thread waits here
 * until it has one per map task. Thread-safe.
 */
public final class ReduceInputs {
    private final int numMaps;
    private final Map<String, MapOutputLocation> byMapTask = new LinkedHashMap<>();
    private volatile boolean fetched;

    public ReduceInputs(int numMaps) {
        this.numMaps = numMaps;
    }

    /** The reducer has fetched what it needs (or gave up): news about map outputs no longer matters to it. */
    public void fetched() {
        fetched = true;
    }

    /** Whether the reducer still wants to hear about map outputs. */
    public boolean wanted() {
        return !fetched;
    }

    public synchronized void add(MapOutputLocation location) {
        byMapTask.put(location.mapTaskId(), location);
        notifyAll();
    }

    public synchronized void obsolete(String mapAttemptId) {
        byMapTask.values().removeIf(l -> l.attemptId().equals(mapAttemptId));
        notifyAll();
    }

    /** Whether {@code location} is still the current output of its map task. */
    public synchronized boolean isCurrent(MapOutputLocation location) {
        MapOutputLocation current = byMapTask.get(location.mapTaskId());
        return current != null && current.attemptId().equals(location.attemptId());
    }

    /** Waits until every map task has an output; returns them in map order. */
    public synchronized List<MapOutputLocation> awaitAll(BooleanSupplier cancelled) throws InterruptedException {
        while (byMapTask.size() < numMaps) {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedException("attempt cancelled");
            }
            wait(200); // woken by add/obsolete; the timeout re-checks cancellation
        }
        List<MapOutputLocation> all = new ArrayList<>(byMapTask.values());
        all.sort(java.util.Comparator.comparing(MapOutputLocation::mapTaskId));
        return all;
    }
}
