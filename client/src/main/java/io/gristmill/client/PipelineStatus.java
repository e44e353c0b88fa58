package io.gristmill.client;

import java.util.List;
import java.util.Map;

/**
 * One pipeline as the coordinator reports it ({@code GET /api/v1/pipelines/{id}}): a job jar whose entry class is a
 * {@code PipelineDefinition}, whose steps ran as ordinary jobs. Its states are a job's (PLANNING while its definition
 * runs). Times are epoch milliseconds, 0 when not reached. Fields the coordinator adds later are ignored.
 *
 * @param counters        the last step's last job's counters (empty until it succeeded)
 * @param errorStep       the step whose failure failed the pipeline, or null
 * @param errorJob        that step's job, or null
 */
public record PipelineStatus(String id, String name, JobState state, String output, Map<String, String> params,
                             long submittedAt, long startedAt, long finishedAt, List<Step> steps,
                             Map<String, Map<String, Long>> counters, String error, String errorStep, String errorJob,
                             String errorStackTrace) {
    public PipelineStatus {
        params = params == null ? Map.of() : params;
        steps = steps == null ? List.of() : steps;
        counters = counters == null ? Map.of() : counters;
    }

    /** The value of one counter of the last step's job, 0 when it has none of that name. */
    public long counter(String group, String name) {
        return counters.getOrDefault(group, Map.of()).getOrDefault(name, 0L);
    }

    /**
     * One step and its jobs (one per round).
     *
     * @param state      PENDING, RUNNING, SUCCEEDED, FAILED or KILLED
     * @param until      the condition that ends an iterated step, e.g. {@code pagerank/changed <= 0}, or null
     * @param stopReason why an iterated step stopped, or null
     */
    public record Step(String name, String jobClass, List<String> inputs, String output, boolean keep, int maxRounds,
                       String until, String state, List<StepJob> jobs, String stopReason) {
        public Step {
            inputs = inputs == null ? List.of() : inputs;
            jobs = jobs == null ? List.of() : jobs;
        }
    }

    /** A job of a step: its round (from 1), its id (see {@link GristmillClient#job}) and its state. */
    public record StepJob(int round, String jobId, JobState state) {
    }
}
