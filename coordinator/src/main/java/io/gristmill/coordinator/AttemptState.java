package io.gristmill.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one attempt of a task:
 * <pre>
 * STARTING ──▶ RUNNING ──▶ COMMITTING ──▶ SUCCEEDED
 *     │           │             │
 *     ├───────────┴─────────────┴──▶ FAILED | KILLED
 *     └───────────┴─────────────┴──▶ KILLING ──▶ KILLED
 * </pre>
 * COMMITTING means the coordinator granted this attempt the task's commit. FAILED counts against
 * {@code maxAttempts}; KILLED (lost worker, killed job, preemption) does not. KILLING: the coordinator asked the
 * worker to stop the attempt and waits for the worker to say its thread ended (or for the worker's death); the
 * task no longer counts on it, but its slot is not free yet. A SUCCEEDED map attempt becomes KILLED when its output
 * is lost (its worker died) while a reducer still needs it.
 *
 * <p>Whether an attempt still holds its worker slot is the worker's to say, not this state's: a FAILED attempt
 * (a task timeout) may still be stopping there. {@code WorkerRecord} keeps that book.
 */
public enum AttemptState {
    STARTING, RUNNING, COMMITTING, KILLING, SUCCEEDED, FAILED, KILLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == KILLED;
    }

    /** Whether the attempt is a live try at its task (it may still succeed). */
    public boolean isActive() {
        return this == STARTING || this == RUNNING || this == COMMITTING;
    }

    public boolean canMoveTo(AttemptState next) {
        return allowedNext().contains(next);
    }

    private Set<AttemptState> allowedNext() {
        return switch (this) {
            case STARTING -> EnumSet.of(RUNNING, COMMITTING, SUCCEEDED, FAILED, KILLING, KILLED);
            case RUNNING -> EnumSet.of(COMMITTING, SUCCEEDED, FAILED, KILLING, KILLED);
            case COMMITTING -> EnumSet.of(SUCCEEDED, FAILED, KILLING, KILLED);
            case KILLING -> EnumSet.of(KILLED);
            case SUCCEEDED -> EnumSet.of(KILLED);
            case FAILED, KILLED -> EnumSet.noneOf(AttemptState.class);
        };
    }
}
