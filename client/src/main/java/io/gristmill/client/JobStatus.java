package io.gristmill.client;

import java.util.List;
import java.util.Map;

/**
 * One job as the coordinator reports it ({@code GET /api/v1/jobs/{id}}). Times are epoch milliseconds, 0 when not
 * reached; {@code error}, {@code errorTask} and {@code errorStackTrace} are null unless the job failed or was killed.
 * Fields the coordinator adds later are ignored, so an older client keeps working against a newer coordinator.
 */
public record JobStatus(String id, String name, JobState state, String output, Map<String, String> params,
                        long submittedAt, long startedAt, long finishedAt, TaskCounts maps, TaskCounts reduces,
                        Map<String, Map<String, Long>> counters, String error, String errorTask,
                        String errorStackTrace, List<SkippedRecord> skippedRecords,
                        Map<String, String> excludedWorkers, List<String> sideFiles, PipelineLink pipeline) {
    /**
     * @param sideFiles the names of the job's side files (none from a coordinator older than side files)
     * @param pipeline  the pipeline step this job runs, or null for a job submitted on its own
     */
    public JobStatus {
        sideFiles = sideFiles == null ? List.of() : sideFiles;
        params = params == null ? Map.of() : params;
        counters = counters == null ? Map.of() : counters;
        skippedRecords = skippedRecords == null ? List.of() : skippedRecords;
        excludedWorkers = excludedWorkers == null ? Map.of() : excludedWorkers;
    }

    /** The value of one counter, 0 when the job has none of that name (built-in counters are in group "gristmill"). */
    public long counter(String group, String name) {
        return counters.getOrDefault(group, Map.of()).getOrDefault(name, 0L);
    }

    /** Which pipeline a step's job runs for: the pipeline's id, the step's name and its round (1 unless iterated). */
    public record PipelineLink(String id, String step, int round) {
    }

    /** A record the mapper failed on, skipped by later attempts ({@code maxSkippedRecords}). */
    public record SkippedRecord(String task, String file, long offset, long index, String error) {
    }
}
