package io.gristmill.worker.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one attempt on a worker, from the RUN that brought it to the end of its bundle's task thread:
 * <pre>
 * RUNNING ──▶ ENDED
 *    │
 *    └──▶ STOPPING ──▶ STOPPED
 * </pre>
 * RUNNING: accepted and not told to stop; its bundle's thread runs it (or an attempt of the same bundle before
 * it). STOPPING: told to stop (KILL, dropped as stale, job ended, or its incarnation was dropped) and cancelled,
 * but its bundle's thread has not ended: it still holds its slot. ENDED: the thread ended and the attempt's own
 * outcome is what to report. STOPPED: the thread ended after the attempt was told to stop; only now is the slot
 * free, and the coordinator is told so with {@link io.gristmill.cluster.Messages.ReportedState#STOPPED}.
 */
public enum WorkerAttemptState {
    RUNNING, STOPPING, ENDED, STOPPED;

    public boolean isTerminal() {
        return this == ENDED || this == STOPPED;
    }

    public boolean canMoveTo(WorkerAttemptState next) {
        return allowedNext().contains(next);
    }

    /** The state after a move to {@code next}; a move the diagram does not allow is a bug. */
    public WorkerAttemptState moveTo(WorkerAttemptState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("an attempt cannot move from " + this + " to " + next);
        }
        return next;
    }

    private Set<WorkerAttemptState> allowedNext() {
        return switch (this) {
            case RUNNING -> EnumSet.of(STOPPING, ENDED);
            case STOPPING -> EnumSet.of(STOPPED);
            case ENDED, STOPPED -> EnumSet.noneOf(WorkerAttemptState.class);
        };
    }
}
