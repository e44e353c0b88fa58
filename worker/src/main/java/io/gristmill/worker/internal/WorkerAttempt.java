package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.ReportedState;

import java.util.function.BooleanSupplier;

/**
 * One attempt on this worker: its execution and where it is in its {@link WorkerAttemptState lifecycle}. Every
 * move goes through here. Confined to the worker's context.
 */
public final class WorkerAttempt {
    private final AttemptExecution execution;
    private final BooleanSupplier threadIsIn;
    private final String key;
    private WorkerAttemptState state = WorkerAttemptState.RUNNING;

    /** @param threadIsIn whether its bundle's thread is in it now (see {@link BundleExecution#isIn}) */
    WorkerAttempt(AttemptExecution execution, BooleanSupplier threadIsIn) {
        this.execution = execution;
        this.threadIsIn = threadIsIn;
        this.key = keyOf(execution.attempt().ref());
    }

    /** Attempts are known by job and attempt id ({@code jobId/attemptId}): attempt ids repeat across jobs. */
    public static String keyOf(AttemptRef ref) {
        return ref.jobId() + "/" + ref.attemptId();
    }

    public String key() {
        return key;
    }

    public String jobId() {
        return execution.attempt().ref().jobId();
    }

    public AttemptExecution execution() {
        return execution;
    }

    public WorkerAttemptState state() {
        return state;
    }

    /** Whether its bundle's thread is in it now (executing it or awaiting its commit). Any thread. */
    public boolean threadIsIn() {
        return threadIsIn.getAsBoolean();
    }

    /**
     * Tells a running attempt to stop: it is cancelled (interrupted) and is STOPPING until its bundle's thread
     * ends. Returns false, doing nothing, if it was already told or has ended.
     */
    public boolean stop() {
        if (state != WorkerAttemptState.RUNNING) {
            return false;
        }
        state = state.moveTo(WorkerAttemptState.STOPPING);
        execution.cancel();
        return true;
    }

    /** Its bundle's thread has ended: STOPPED if it was told to stop, else ENDED. */
    public void threadEnded() {
        state = state.moveTo(state == WorkerAttemptState.STOPPING ? WorkerAttemptState.STOPPED : WorkerAttemptState.ENDED);
    }

    /**
     * What to tell the coordinator once its thread has ended: STOPPED for an attempt told to stop, else its own
     * outcome (null when there is nothing to say: its commit went to another attempt).
     */
    public AttemptUpdate report(String workerId) {
        return switch (state) {
            case STOPPED -> new AttemptUpdate(execution.attempt().ref(), workerId, ReportedState.STOPPED,
                    execution.progress(), null, null, null, null);
            case ENDED -> execution.outcome();
            case RUNNING, STOPPING -> throw new IllegalStateException(key + " is " + state + ": its thread has not ended");
        };
    }
}
