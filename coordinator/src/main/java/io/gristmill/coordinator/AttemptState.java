package io.gristmill.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one attempt of a task:
 * <pre>
 * STARTING ──▶ RUNNING ──▶ COMMITTING ──▶ SUCCEEDED
 *     │           │             │
 *     └───────────┴─────────────┴──▶ FAILED | KILLED
 * </pre>
 * COMMITTING means the coordinator granted this attempt the task's commit. FAILED counts against
 * {@code maxAttempts}; KILLED (lost worker, killed job, preemption) does not. A SUCCEEDED map attempt becomes
 * KILLED when its output is lost (its worker died) while a reducer still needs it.
 */
public enum AttemptState {
    STARTING, RUNNING, COMMITTING, SUCCEEDED, FAILED, KILLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == KILLED;
    }

    /** Whether the attempt occupies a worker slot. */
    public boolean isActive() {
        return this == STARTING || this == RUNNING || this == COMMITTING;
    }

    public boolean canMoveTo(AttemptState next) {
        return allowedNext().contains(next);
    }

    private Set<AttemptState> allowedNext() {
        return switch (this) {
            case STARTING -> EnumSet.of(RUNNING, COMMITTING, SUCCEEDED, FAILED, KILLED);
            case RUNNING -> EnumSet.of(COMMITTING, SUCCEEDED, FAILED, KILLED);
            case COMMITTING -> EnumSet.of(SUCCEEDED, FAILED, KILLED);
            case SUCCEEDED -> EnumSet.of(KILLED);
            case FAILED, KILLED -> EnumSet.noneOf(AttemptState.class);
        };
    }
}
