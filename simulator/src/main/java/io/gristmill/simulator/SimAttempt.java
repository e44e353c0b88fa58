package io.gristmill.simulator;

import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.TaskType;

/**
 * One attempt a simulated worker accepted. A reducer may only finish once its job's map outputs, as the worker
 * knows them ({@link SimJobOutputs}), hold one per map. Confined to its worker's event loop.
 */
final class SimAttempt {
    private final RunAttempt run;
    private SimJobOutputs outputs; // a reducer's
    private long answersNeeded; // replies the view must have applied before this reducer trusts it
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

    /** A reducer's view of its job's map outputs, shared with the worker's other reducers of the job. */
    void reads(SimJobOutputs outputs, long answersNeeded) {
        this.outputs = outputs;
        this.answersNeeded = answersNeeded;
    }

    /** Whether a reducer knows an output of every map task, from a view fresh enough (always true for a map). */
    boolean hasAllInputs() {
        return !isReduce() || (outputs.complete() && outputs.answers() >= answersNeeded);
    }

    /** Whether this is a reducer still waiting for map outputs. */
    boolean wantsMapOutputs() {
        return isReduce() && !stopped && !hasAllInputs();
    }

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
    }
}
