package io.gristmill.simulator;

import io.gristmill.cluster.Messages.MapOutputRun;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One job's current map outputs as a simulated worker knows them, shared by its reducers of the job as the real
 * worker's {@code JobMapOutputs} is, and where the worker stands in the job's map output log. Confined to its
 * worker's event loop.
 */
final class SimJobOutputs {
    private final String epoch;
    private final int numMaps;
    // the maps whose current output is their first attempt's (m-NNNNN-1), one bit each: at M = 200,000 and
    // thousands of simulated workers in one JVM, a map entry per map and worker would not fit
    private final BitSet firstAttempts = new BitSet();
    private final Map<Integer, String> otherAttempts = new HashMap<>(); // map task index -> any other current attempt
    private final List<SimAttempt> readers = new ArrayList<>();
    private int next;
    private boolean reading;
    private boolean catchingUp;
    private long answers; // replies applied

    SimJobOutputs(String epoch, int numMaps) {
        this.epoch = epoch;
        this.numMaps = numMaps;
    }

    String epoch() {
        return epoch;
    }

    /** The worker's reducers of the job that read this view. */
    List<SimAttempt> readers() {
        return readers;
    }

    /** A reducer that still wants news, forgetting those that do not; null if none is left. */
    SimAttempt anyReaderWanting() {
        readers.removeIf(reader -> !reader.wantsMapOutputs());
        return readers.isEmpty() ? null : readers.get(0);
    }

    /** Where the next read of the log starts. */
    int next() {
        return next;
    }

    void next(int position) {
        next = position;
    }

    /** Replies of the coordinator applied so far. */
    long answers() {
        return answers;
    }

    void answered() {
        answers++;
        catchingUp = false;
    }

    /** Whether the next request must be answered at once: a reducer joined while nobody read (see the real poller). */
    boolean catchingUp() {
        return catchingUp;
    }

    void catchUp() {
        catchingUp = true;
    }

    /** Whether a read of the log is under way (one at a time for all the job's reducers here). */
    boolean reading() {
        return reading;
    }

    void reading(boolean reading) {
        this.reading = reading;
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

    /** Whether an output of every map task is known. */
    boolean complete() {
        return firstAttempts.cardinality() + otherAttempts.size() >= numMaps;
    }
}
