package io.gristmill.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a job:
 * <pre>
 * PLANNING ──▶ RUNNING ──▶ COMMITTING ──▶ SUCCEEDED
 *     │           │             │
 *     └───────────┴─────────────┴──▶ FAILING ──▶ FAILED
 *                                └──▶ KILLING ──▶ KILLED
 * </pre>
 * FAILING and KILLING: the job's attempts are being stopped and its output removed; it reaches FAILED or KILLED
 * only once no file of it is left. Transitions are checked in {@link #canMoveTo}; the only place that moves a job
 * is the coordinator's job record.
 */
public enum JobState {
    PLANNING, RUNNING, COMMITTING, FAILING, KILLING, SUCCEEDED, FAILED, KILLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == KILLED;
    }

    /** Failing or being killed: nothing new starts, and the job awaits its cleanup. */
    public boolean isEnding() {
        return this == FAILING || this == KILLING;
    }

    public boolean canMoveTo(JobState next) {
        return allowedNext().contains(next);
    }

    private Set<JobState> allowedNext() {
        return switch (this) {
            case PLANNING -> EnumSet.of(RUNNING, FAILING, KILLING);
            case RUNNING -> EnumSet.of(COMMITTING, FAILING, KILLING);
            case COMMITTING -> EnumSet.of(SUCCEEDED, FAILING, KILLING);
            case FAILING -> EnumSet.of(FAILED);
            case KILLING -> EnumSet.of(KILLED);
            case SUCCEEDED, FAILED, KILLED -> EnumSet.noneOf(JobState.class);
        };
    }
}
