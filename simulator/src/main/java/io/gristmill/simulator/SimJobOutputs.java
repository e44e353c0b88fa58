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
    // attempt form (see formOf) -> the maps whose current output is an attempt of that form, one bit each; a map is in
    // at most one. At M = 200,000 with thousands of simulated workers in one JVM, an entry per map and worker does not
    // fit: a map of re-run maps' attempt ids grew to 2.8 GB in a host JVM after 20,000 maps were lost, and its
    // collections stalled every worker of the JVM for seconds.
    private final Map<String, BitSet> currentByForm = new HashMap<>();
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
        int from = run.firstMap();
        int to = from + run.count();
        BitSet form = currentByForm.computeIfAbsent(formOf(run), f -> new BitSet());
        if (run.obsolete()) { // the output of that very attempt is gone; another attempt's output of the map stays
            form.clear(from, to);
            return;
        }
        for (BitSet other : currentByForm.values()) {
            if (other != form) {
                other.clear(from, to);
            }
        }
        form.set(from, to);
    }

    /**
     * What the run's attempt ids share besides their map: {@code m-00007-2.t3} and {@code m-00009-2.t3} have the same
     * form ("2.t3"); an id of another form (a literal) is a form of its own.
     */
    private static String formOf(MapOutputRun run) {
        return run.attemptNumber() == MapOutputRun.LITERAL ? "=" + run.attemptSuffix()
                : run.attemptNumber() + run.attemptSuffix();
    }

    /** Whether an output of every map task is known. */
    boolean complete() {
        int known = 0;
        for (BitSet maps : currentByForm.values()) {
            known += maps.cardinality();
        }
        return known >= numMaps;
    }
}
