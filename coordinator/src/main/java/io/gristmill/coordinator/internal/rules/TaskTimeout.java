package io.gristmill.coordinator.internal.rules;

import java.time.Duration;

/**
 * The task timeout (Hadoop's {@code mapreduce.task.timeout} is the anchor): an attempt whose activity (records read
 * plus records emitted, as its worker reports it) has not moved for the job's {@code taskTimeout} is stuck and is
 * killed as a failure. Zero means no timeout.
 */
public final class TaskTimeout {
    private final long timeoutMillis;

    public TaskTimeout(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    /** Whether an attempt whose activity last moved at {@code lastMovedMillis} has timed out at {@code nowMillis}. */
    public boolean expired(long lastMovedMillis, long nowMillis) {
        return timeoutMillis > 0 && nowMillis - lastMovedMillis >= timeoutMillis;
    }

    /** The message an attempt killed by this rule carries. */
    public String message() {
        return "no progress for " + describe() + " (taskTimeout): the attempt read and wrote nothing, so it was killed";
    }

    private String describe() {
        if (timeoutMillis % 60_000 == 0) {
            return timeoutMillis / 60_000 + "m";
        }
        return timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + "s" : timeoutMillis + "ms";
    }
}
