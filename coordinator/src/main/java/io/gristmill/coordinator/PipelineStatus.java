package io.gristmill.coordinator;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one pipeline as the REST API ({@code GET /api/v1/pipelines/{id}}) and the CLI show it. Its states
 * are a job's: PLANNING while the pipeline's definition runs in a planning process, RUNNING while its steps run,
 * COMMITTING while the last step's output becomes the pipeline's, and FAILING / KILLING while its running step
 * stops and its output is removed. Times are epoch milliseconds, 0 when not reached.
 *
 * @param counters        the counters of the last step's last job (empty until it succeeded)
 * @param errorStep       the step whose failure failed the pipeline, or null
 * @param errorJob        that step's job, or null
 * @param errorStackTrace that job's (or the definition's) stack trace, or null
 */
public record PipelineStatus(String id, String name, JobState state, String output, Map<String, String> params,
                             long submittedAt, long startedAt, long finishedAt, List<StepStatus> steps,
                             Map<String, Map<String, Long>> counters, String error, String errorStep, String errorJob,
                             String errorStackTrace) {

    public PipelineStatus {
        params = params == null ? Map.of() : Map.copyOf(params);
        steps = steps == null ? List.of() : List.copyOf(steps);
        counters = counters == null ? Map.of() : Map.copyOf(counters);
    }

    /** Where a step is. */
    public enum StepState {
        PENDING, RUNNING, SUCCEEDED, FAILED, KILLED
    }

    /**
     * One step: what it runs and reads, and its jobs (one per round).
     *
     * @param inputs     what it reads, as the definition said ("pipeline input", "step NAME" or a path)
     * @param output     where its (last round's) output is or will be
     * @param maxRounds  1 for a step that runs once
     * @param until      the condition that ends an iterated step, e.g. {@code pagerank/changed <= 0}, or null
     * @param stopReason why an iterated step stopped after its last round, or null
     */
    public record StepStatus(String name, String jobClass, List<String> inputs, String output, boolean keep,
                             int maxRounds, String until, StepState state, List<StepJob> jobs, String stopReason) {
        public StepStatus {
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
            jobs = jobs == null ? List.of() : List.copyOf(jobs);
        }
    }

    /** A job a step ran: its round (from 1), its id (a job of {@code /api/v1/jobs}) and its state. */
    public record StepJob(int round, String jobId, JobState state) {
    }
}
