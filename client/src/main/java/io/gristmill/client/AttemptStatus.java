package io.gristmill.client;

import java.util.Map;

/**
 * One attempt of a task: where it ran, how far it got, and why it failed when it did. Times are epoch ms.
 * {@code backup}: a speculative backup of a straggler; {@code recovered}: a successful attempt of an earlier
 * coordinator term, kept when a restarted or standby coordinator resumed the job.
 */
public record AttemptStatus(String attemptId, String workerId, String state, long startedAt, long finishedAt,
                            double progress, Map<String, Map<String, Long>> counters, String error,
                            String stackTrace, boolean backup, boolean recovered) {
    public AttemptStatus {
        counters = counters == null ? Map.of() : counters;
    }
}
