package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The current map outputs of one job as this worker process knows them, keyed by map task: added as the
 * coordinator's map output log says they are ready, dropped when it says they are obsolete (see
 * {@link MapOutputPoller}, which reads the log once for all of this process's reducers of the job). Each reduce
 * thread waits here until there is one output per map task. Thread-safe.
 */
public final class JobMapOutputs {
    private final int numMaps;
    private final Map<String, MapOutputLocation> byMapTask = new LinkedHashMap<>();
    private final Map<String, String> mapTaskOfAttempt = new HashMap<>(); // the current attempts only
    private long answers; // replies of the coordinator applied so far

    public JobMapOutputs(int numMaps) {
        this.numMaps = numMaps;
    }

    public int numMaps() {
        return numMaps;
    }

    public synchronized void add(MapOutputLocation location) {
        MapOutputLocation replaced = byMapTask.put(location.mapTaskId(), location);
        if (replaced != null) {
            mapTaskOfAttempt.remove(replaced.attemptId());
        }
        mapTaskOfAttempt.put(location.attemptId(), location.mapTaskId());
        notifyAll();
    }

    public synchronized void obsolete(String mapAttemptId) {
        String mapTask = mapTaskOfAttempt.remove(mapAttemptId);
        if (mapTask != null) {
            byMapTask.remove(mapTask);
            notifyAll();
        }
    }

    /** A reply of the coordinator has been applied (it may have held no change). */
    public synchronized void answered() {
        answers++;
        notifyAll();
    }

    /** How many replies of the coordinator have been applied. */
    public synchronized long answers() {
        return answers;
    }

    /**
     * Waits until every map task has an output, and at least {@code answersNeeded} replies were applied (so that a
     * reducer that joins a view nobody kept reading waits for one fresh reply); returns them in map order.
     */
    public synchronized List<MapOutputLocation> awaitAll(BooleanSupplier cancelled, long answersNeeded)
            throws InterruptedException {
        while (byMapTask.size() < numMaps || answers < answersNeeded) {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedException("attempt cancelled");
            }
            wait(200); // woken by add/obsolete; the timeout re-checks cancellation
        }
        List<MapOutputLocation> all = new ArrayList<>(byMapTask.values());
        all.sort(Comparator.comparing(MapOutputLocation::mapTaskId));
        return all;
    }
}
