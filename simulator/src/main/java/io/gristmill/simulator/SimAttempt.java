package io.gristmill.simulator;

import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.TaskType;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * One attempt a simulated worker accepted. A reducer keeps, like the real one's {@code ReduceInputs}, the current
 * output of every map task it has read of in the job's map output log, and may only finish once it knows one per
 * map. Confined to its worker's event loop.
 */
final class SimAttempt {
    private final RunAttempt run;
    // the maps whose current output is their first attempt's (m-NNNNN-1), one bit each: at M = 200,000 and
    // thousands of reducers in one JVM, a map entry per map and reducer would not fit
    private final BitSet firstAttempts = new BitSet();
    private final Map<Integer, String> otherAttempts = new HashMap<>(); // map task index -> any other current attempt
    private boolean stopped;
    private long ranMillis;

    SimAttempt(RunAttempt run) {
        this.run = run;
    }

    RunAttempt run() {
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

    /** Applies a run of the job's map output log, as the real worker's {@code MapOutputPoller} applies each change. */
    void apply(MapOutputRun run) {
        boolean first = run.attemptNumber() == 1 && run.attemptSuffix().isEmpty();
        if (first && otherAttempts.isEmpty()) { // the usual case, taken in one step
            firstAttempts.set(run.firstMap(), run.firstMap() + run.count(), !run.obsolete());
            return;
        }
        for (int i = 0; i < run.count(); i++) {
            int map = run.map(i);
            if (run.obsolete()) {
                if (first) {
                    firstAttempts.clear(map);
                } else {
                    otherAttempts.remove(map, run.attempt(i));
                }
            } else if (first) {
                otherAttempts.remove(map);
                firstAttempts.set(map);
            } else {
                firstAttempts.clear(map);
                otherAttempts.put(map, run.attempt(i));
            }
        }
    }

    /** Whether a reducer knows an output of every map task (always true for a map). */
    boolean hasAllInputs() {
        return !isReduce() || firstAttempts.cardinality() + otherAttempts.size() >= run.numMaps();
    }

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
    }
}
