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
                        String errorStackTrace, List<SkippedRecord> skippedRecords,
                        Map<String, String> excludedWorkers, List<String> sideFiles, PipelineLink pipeline) {

    /**
     * @param skippedRecords  records the mapper failed on that later attempts skipped ({@code maxSkippedRecords})
     * @param excludedWorkers live workers that get no more tasks of this job, with the reason
     * @param sideFiles       the names of the job's side files ({@code --file}); none in history written before them
     * @param pipeline        the pipeline step this job runs, or null for a job submitted on its own
     */
    public JobStatus {
        skippedRecords = skippedRecords == null ? List.of() : List.copyOf(skippedRecords);
        excludedWorkers = excludedWorkers == null ? Map.of() : Map.copyOf(excludedWorkers);
        sideFiles = sideFiles == null ? List.of() : List.copyOf(sideFiles);
    }

    /** A job without side files. */
    public JobStatus(String id, String name, JobState state, String output, Map<String, String> params,
                     long submittedAt, long startedAt, long finishedAt, TaskCounts maps, TaskCounts reduces,
                     Map<String, Map<String, Long>> counters, String error, String errorTask,
                     String errorStackTrace, List<SkippedRecord> skippedRecords, Map<String, String> excludedWorkers) {
        this(id, name, state, output, params, submittedAt, startedAt, finishedAt, maps, reduces, counters, error,
                errorTask, errorStackTrace, skippedRecords, excludedWorkers, List.of(), null);
    }

    /**
     * Which pipeline a step's job belongs to: the pipeline's id, the step's name and the round (1 for a step that
     * does not iterate).
     */
    public record PipelineLink(String id, String step, int round) {
    }

    /**
     * A record the job's mapper failed on, skipped by the task's later attempts ({@code maxSkippedRecords}).
     *
     * @param offset its byte offset in the file, or -1 when the input format does not tell
     * @param index  its number in the task's split, from 0
     * @param error  the first line of the mapper's exception
     */
    public record SkippedRecord(String task, String file, long offset, long index, String error) {
    }

    /** Tasks of one kind by state, and their average progress (0..1). */
    public record TaskCounts(int total, int pending, int running, int succeeded, int failed, int killed,
                             double progress) {
    }

    /** One task and its attempts. */
    public record TaskStatus(String taskId, String type, TaskState state, String split,
                             List<AttemptStatus> attempts) {
    }

    /** One attempt of a task; {@code backup}: a speculative backup of a straggler. */
    public record AttemptStatus(String attemptId, String workerId, AttemptState state, long startedAt,
                                long finishedAt, double progress, Map<String, Map<String, Long>> counters,
                                String error, String stackTrace, boolean backup, boolean recovered) {
        /**
         * @param recovered a successful attempt of an earlier coordinator term, taken over when this coordinator
         *                  resumed the job (its output was committed, or its map output still held by a live worker)
         */
        public AttemptStatus {
        }
    }
}
