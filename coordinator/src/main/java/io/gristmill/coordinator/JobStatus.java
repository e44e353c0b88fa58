package io.gristmill.coordinator;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one job as the REST API and the CLI show it. Times are epoch milliseconds, 0 when not reached.
 *
 * @param errorTask       the task whose failure failed the job, or null
 * @param errorStackTrace that task's last stack trace, or null
 */
public record JobStatus(String id, String name, JobState state, String output, Map<String, String> params,
                        long submittedAt, long startedAt, long finishedAt, TaskCounts maps, TaskCounts reduces,
                        Map<String, Map<String, Long>> counters, String error, String errorTask,
                        String errorStackTrace) {

    /** Tasks of one kind by state, and their average progress (0..1). */
    public record TaskCounts(int total, int pending, int running, int succeeded, int failed, int killed,
                             double progress) {
    }

    /** One task and its attempts. */
    public record TaskStatus(String taskId, String type, TaskState state, String split,
                             List<AttemptStatus> attempts) {
    }

    /** One attempt of a task. */
    public record AttemptStatus(String attemptId, String workerId, AttemptState state, long startedAt,
                                long finishedAt, double progress, Map<String, Map<String, Long>> counters,
                                String error, String stackTrace) {
    }
}
