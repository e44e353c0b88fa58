package io.gristmill.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a task:
 * <pre>
 * PENDING ⇄ RUNNING ──▶ SUCCEEDED
 *    ▲          │            │ (a map whose output was lost while a reduce still needs it)
 *    │          ▼            ▼
 *    │   FAILED | KILLED   PENDING
 * </pre>
 * RUNNING goes back to PENDING when an attempt fails with retries left or loses its worker. FAILED means the
 * task failed the job; KILLED means the job ended while the task was unfinished.
 */
public enum TaskState {
    PENDING, RUNNING, SUCCEEDED, FAILED, KILLED;

    public boolean isTerminal() {
        return this == FAILED || this == KILLED;
    }

    public boolean canMoveTo(TaskState next) {
        return allowedNext().contains(next);
    }

    private Set<TaskState> allowedNext() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, KILLED, FAILED);
            case RUNNING -> EnumSet.of(PENDING, SUCCEEDED, FAILED, KILLED);
            case SUCCEEDED -> EnumSet.of(PENDING);
            case FAILED, KILLED -> EnumSet.noneOf(TaskState.class);
        };
    }
}
