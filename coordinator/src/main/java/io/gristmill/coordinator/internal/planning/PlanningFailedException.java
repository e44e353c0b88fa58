package io.gristmill.coordinator.internal.planning;

/**
 * Planning a job did not produce a plan: the job's code threw, the planning process died or was killed, or it ran
 * past {@code planTimeout}. The message is for the user; {@link #jobStackTrace()} is the job code's stack trace
 * when it threw (null otherwise).
 */
public final class PlanningFailedException extends Exception {
    private final String jobStackTrace;

    public PlanningFailedException(String message, String jobStackTrace) {
        super(message);
        this.jobStackTrace = jobStackTrace;
    }

    public String jobStackTrace() {
        return jobStackTrace;
    }
}
