package io.gristmill.client;

/**
 * A job's state as the coordinator reports it.
 *
 * <pre>
 * PLANNING → RUNNING → COMMITTING → SUCCEEDED
 *     └────────┴─────────┴→ FAILING → FAILED
 *     └────────┴─────────┴→ KILLING → KILLED
 * </pre>
 */
public enum JobState {
    PLANNING, RUNNING, COMMITTING, FAILING, KILLING, SUCCEEDED, FAILED, KILLED;

    /** True for SUCCEEDED, FAILED and KILLED: the job will not change again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == KILLED;
    }
}
