package io.gristmill.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a job:
 * <pre>
 * PLANNING ──▶ RUNNING ──▶ COMMITTING ──▶ SUCCEEDED
 *     │           │             │
 *     └───────────┴─────────────┴──▶ FAILED | KILLED
 * </pre>
 * Transitions are checked in {@link #canMoveTo}; the only place that moves a job is the coordinator's job record.
 */
public enum JobState {
    PLANNING, RUNNING, COMMITTING, SUCCEEDED, FAILED, KILLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == KILLED;
    }

    public boolean canMoveTo(JobState next) {
        return allowedNext().contains(next);
    }

    private Set<JobState> allowedNext() {
        return switch (this) {
            case PLANNING -> EnumSet.of(RUNNING, FAILED, KILLED);
            case RUNNING -> EnumSet.of(COMMITTING, FAILED, KILLED);
            case COMMITTING -> EnumSet.of(SUCCEEDED, FAILED, KILLED);
            case SUCCEEDED, FAILED, KILLED -> EnumSet.noneOf(JobState.class);
        };
    }
}
