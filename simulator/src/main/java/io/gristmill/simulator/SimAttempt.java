package io.gristmill.simulator;

import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.TaskType;

import java.util.HashMap;
import java.util.Map;

/**
 * One attempt a simulated worker accepted. A reducer keeps, like the real one's {@code ReduceInputs}, the current
 * output of every map task it has read of in the job's map output log, and may only finish once it knows one per
 * map. Confined to its worker's event loop.
 */
final class SimAttempt {
    private final LightMessages.Run run;
    private final Map<Integer, String> mapOutputs = new HashMap<>(); // map task index -> its current attempt
    private boolean stopped;
    private long ranMillis;

    SimAttempt(LightMessages.Run run) {
        this.run = run;
    }

    LightMessages.Run run() {
        return run;
    }

    AttemptRef ref() {
        return run.ref();
    }

    String key() {
        return key(run.ref());
    }

    /** As the real worker knows attempts: attempt ids repeat across jobs. */
    static String key(AttemptRef ref) {
        return ref.jobId() + "/" + ref.attemptId();
    }

    boolean isReduce() {
        return run.type() == TaskType.REDUCE;
    }

    /** Reducers, and maps of a map-only job, write job output and so ask for the commit first. */
    boolean needsCommit() {
        return isReduce() || run.numReducers() == 0;
    }

    /** Its modelled run time, reported with its success as a real worker reports the time its task ran. */
    void ranFor(long millis) {
        ranMillis = millis;
    }

    long ranMillis() {
        return ranMillis;
    }

    void ready(int mapIndex, String attemptId) {
        mapOutputs.put(mapIndex, attemptId);
    }

    void obsolete(String mapAttemptId) {
        mapOutputs.values().removeIf(attempt -> attempt.equals(mapAttemptId));
    }

    /** Whether a reducer knows an output of every map task (always true for a map). */
    boolean hasAllInputs() {
        return !isReduce() || mapOutputs.size() >= run.numMaps();
    }

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
    }
}
