package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.api.Pipeline;
import io.gristmill.api.Step;
import io.gristmill.api.StepInput;
import io.gristmill.cluster.Failures;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.PipelineStatus;
import io.gristmill.coordinator.PipelineStatus.StepJob;
import io.gristmill.coordinator.PipelineStatus.StepState;
import io.gristmill.coordinator.PipelineStatus.StepStatus;
import io.gristmill.coordinator.SpecException;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One pipeline's state machine (DESIGN.md "Pipelines"): the job lifecycle's states, over steps that each run as an
 * ordinary job of the coordinator, one at a time.
 * <pre>
 * PLANNING ──defined──▶ RUNNING ──last step done──▶ COMMITTING ──▶ SUCCEEDED
 *     │                    │  ▲ step (or round) succeeded: next one
 *     │                    │  └─┘
 *     └────────────────────┴──▶ FAILING ──▶ FAILED   (definition failed, a step failed or could not start)
 *                          └──▶ KILLING ──▶ KILLED   (killed: its running step's job is killed first)
 * </pre>
 * Confined to the coordinator's context; file work and job submission go through {@link Engine}, whose futures
 * complete on the context. Every transition goes through {@link #moveTo}, which refuses illegal ones.
 */
public final class PipelineExecution {
    private static final Logger log = LoggerFactory.getLogger(PipelineExecution.class);

    /** What a pipeline needs from the coordinator. Every method is called, and completes, on its context. */
    public interface Engine {
        /** Accepts a step's job; fails with a {@link SpecException} when the job is refused. */
        Future<String> submitJob(JobSpec spec);

        /** Kills a job that has not ended. */
        Future<Void> killJob(String jobId);

        /** The job's current state, or null if unknown. */
        JobState jobState(String jobId);

        /** Runs blocking work off the context. */
        <T> Future<T> blocking(Callable<T> work);

        /** Stops the pipeline's definition if it still runs in a planning process. */
        void cancelDefinition(String pipelineId);

        /** The pipeline changed state (to be recorded in the history). */
        void changed(PipelineExecution pipeline);

        long now();
    }

    private final String id;
    private final String name;
    private final JobSpec spec;
    private final PipelineOutput output;
    private final Engine engine;
    private final long submittedAt;
    private long startedAt;
    private long finishedAt;
    private JobState state = JobState.PLANNING;
    private Pipeline pipeline;
    private final List<StepRun> runs = new ArrayList<>();
    private int current = -1;
    private boolean submitting;
    private Map<String, Map<String, Long>> counters = Map.of();
    private String error;
    private String errorStep;
    private String errorJob;
    private String errorStackTrace;

    /** What happened to one step: its jobs by round, where its last output is, and why it stopped. */
    private static final class StepRun {
        final Step step;
        final List<String> jobIds = new ArrayList<>();
        StepState state = StepState.PENDING;
        String lastOutput;
        String stopReason;

        StepRun(Step step) {
            this.step = step;
        }

        int round() {
            return jobIds.size();
        }
    }

    /**
     * @param spec the submission: its jar, input, output and options are every step's defaults; its side files carry
     *             their hashes
     */
    public PipelineExecution(String id, String name, JobSpec spec, Engine engine) {
        this.id = id;
        this.name = name;
        this.spec = spec;
        this.output = PipelineOutput.of(spec.output());
        this.engine = engine;
        this.submittedAt = engine.now();
    }

    public String id() {
        return id;
    }

    public JobState state() {
        return state;
    }

    /** The job a step of this pipeline runs now, or null. */
    public String runningJob() {
        StepRun run = current >= 0 && current < runs.size() ? runs.get(current) : null;
        return run == null || run.jobIds.isEmpty() || run.state != StepState.RUNNING ? null
                : run.jobIds.get(run.jobIds.size() - 1);
    }

    // ---------------------------------------------------------------- definition

    /** The definition ran (in a planning process) and returned these steps, whose classes were checked. */
    public void defined(Pipeline defined) {
        if (state != JobState.PLANNING) {
            return; // killed meanwhile
        }
        this.pipeline = defined;
        defined.steps().forEach(step -> runs.add(new StepRun(step)));
        startedAt = engine.now();
        moveTo(JobState.RUNNING);
        log.info("{}: {} step(s): {}", id, runs.size(), defined.steps().stream().map(Step::name).toList());
        startStep(0);
    }

    /** The definition threw, timed out, or returned steps that cannot run. */
    public void definitionFailed(String reason, String trace) {
        if (state == JobState.PLANNING) {
            fail("pipeline definition failed: " + reason, null, null, trace);
        }
    }

    // ---------------------------------------------------------------- steps

    private void startStep(int index) {
        if (index == runs.size()) {
            commit();
            return;
        }
        current = index;
        StepRun run = runs.get(index);
        List<String> stepInputs = new ArrayList<>();
        for (StepInput input : run.step.inputs()) {
            if (input.kind() == StepInput.Kind.STEP) {
                stepInputs.add(runOf(input.value()).lastOutput);
            }
        }
        // a step starts only once every step output it reads is complete
        engine.blocking(() -> firstIncomplete(stepInputs))
                .onComplete(checked -> {
                    if (state != JobState.RUNNING) {
                        return;
                    }
                    if (checked.failed() || checked.result() != null) {
                        fail("step " + run.step.name() + " cannot start: its input "
                                + (checked.failed() ? Failures.describe(checked.cause())
                                : checked.result() + " has no _SUCCESS"), run.step.name(), null, null);
                        return;
                    }
                    run.state = StepState.RUNNING;
                    submitRound(run, resolveInputs(run.step));
                });
    }

    private List<String> resolveInputs(Step step) {
        List<String> inputs = new ArrayList<>();
        for (StepInput input : step.inputs()) {
            switch (input.kind()) {
                case PIPELINE_INPUT -> inputs.addAll(spec.input());
                case STEP -> inputs.add(runOf(input.value()).lastOutput);
                case PATH -> inputs.add(input.value());
            }
        }
        return inputs;
    }

    private void submitRound(StepRun run, List<String> inputs) {
        int round = run.round() + 1;
        String stepOutput = output.stepOutput(run.step.name(), run.step.iterates(), round);
        JobSpec stepSpec;
        try {
            stepSpec = StepSpecs.of(spec, name, run.step, round, inputs, stepOutput);
        } catch (SpecException e) {
            run.state = StepState.FAILED;
            fail("step " + run.step.name() + ": " + e.getMessage(), run.step.name(), null, null);
            return;
        }
        submitting = true;
        engine.submitJob(stepSpec).onComplete(submitted -> {
            submitting = false;
            if (submitted.failed()) {
                run.state = StepState.FAILED;
                if (state == JobState.RUNNING) {
                    fail("step " + run.step.name() + " was refused: " + Failures.describe(submitted.cause()),
                            run.step.name(), null, null);
                } else if (state == JobState.KILLING) {
                    finishEnding();
                }
                return;
            }
            run.jobIds.add(submitted.result());
            run.lastOutput = stepOutput;
            engine.changed(this);
            log.info("{}: step {}{} runs as {}", id, run.step.name(), run.step.iterates() ? " round " + round : "",
                    submitted.result());
            if (state == JobState.KILLING) {
                engine.killJob(submitted.result()); // killed while the job was being accepted
            }
        });
    }

    /** A job ended; if it is this pipeline's running step, the pipeline moves on, fails or ends its kill. */
    public void jobEnded(JobStatus job) {
        if (runningJob() == null || !runningJob().equals(job.id())) {
            return;
        }
        StepRun run = runs.get(current);
        if (state == JobState.KILLING) {
            run.state = StepState.KILLED;
            finishEnding();
            return;
        }
        switch (job.state()) {
            case SUCCEEDED -> roundSucceeded(run, job);
            case FAILED -> {
                run.state = StepState.FAILED;
                fail("step " + run.step.name() + " failed: " + job.error(), run.step.name(), job.id(),
                        job.errorStackTrace());
            }
            default -> {
                run.state = StepState.KILLED;
                fail("step " + run.step.name() + "'s job " + job.id() + " was killed", run.step.name(), job.id(), null);
            }
        }
    }

    private void roundSucceeded(StepRun run, JobStatus job) {
        Step step = run.step;
        String stop = !step.iterates() ? "" : step.until() != null && step.until().holds(job.counters())
                ? "condition " + step.until() + " held after round " + run.round()
                : run.round() >= step.maxRounds() ? "ran maxRounds (" + step.maxRounds() + ") rounds" : null;
        if (run.round() > 1 && !step.keep()) { // the round before is read by no one any more
            String before = output.stepOutput(step.name(), true, run.round() - 1);
            engine.blocking(() -> {
                output.remove(before);
                return null;
            }).onFailure(e -> log.warn("{}: could not remove {}: {}", id, before, e.toString()));
        }
        if (stop == null) {
            submitRound(run, List.of(run.lastOutput));
            return;
        }
        run.state = StepState.SUCCEEDED;
        run.stopReason = stop.isEmpty() ? null : stop;
        if (current == runs.size() - 1) {
            counters = job.counters();
        }
        if (!stop.isEmpty()) {
            log.info("{}: step {} stops: {}", id, step.name(), stop);
        }
        startStep(current + 1);
    }

    private void commit() {
        moveTo(JobState.COMMITTING);
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (i == runs.size() - 1 || !runs.get(i).step.keep()) {
                removed.add(runs.get(i).step.name());
            }
        }
        String last = runs.get(runs.size() - 1).lastOutput;
        engine.blocking(() -> {
            output.promote(last, removed);
            return null;
        }).onComplete(done -> {
            if (state != JobState.COMMITTING) {
                return; // killed meanwhile: the kill removes the output
            }
            if (done.failed()) {
                fail("pipeline commit failed: " + Failures.describe(done.cause()), null, null,
                        Failures.stackTrace(done.cause()));
                return;
            }
            finishedAt = engine.now();
            moveTo(JobState.SUCCEEDED);
            log.info("{} succeeded", id);
        });
    }

    // ---------------------------------------------------------------- ending

    /** Kills the pipeline: its definition or its running step's job stop first. */
    public Future<Void> kill() {
        if (state.isTerminal() || state.isEnding()) {
            return Future.failedFuture(new IllegalStateException("pipeline " + id + " already " + state));
        }
        error = "killed by user";
        moveTo(JobState.KILLING);
        engine.cancelDefinition(id);
        String running = runningJob();
        if (running != null && engine.jobState(running) != null && !engine.jobState(running).isTerminal()) {
            // the pipeline ends once its step's job has ended (jobEnded), so no step file is written after
            return engine.killJob(running).recover(e -> Future.succeededFuture());
        }
        if (!submitting) {
            finishEnding();
        }
        return Future.succeededFuture();
    }

    private void fail(String reason, String step, String jobId, String trace) {
        if (state.isTerminal() || state.isEnding()) {
            return;
        }
        error = reason;
        errorStep = step;
        errorJob = jobId;
        errorStackTrace = trace;
        moveTo(JobState.FAILING);
        engine.cancelDefinition(id);
        log.info("{} failing: {}", id, reason);
        finishEnding();
    }

    /** Removes the pipeline's output, then reaches FAILED or KILLED. */
    private void finishEnding() {
        engine.blocking(() -> {
            output.removeAll();
            return null;
        }).onComplete(done -> {
            if (done.failed()) {
                log.warn("{}: could not remove output {}: {}", id, output.location(), done.cause().toString());
            }
            finishedAt = engine.now();
            moveTo(state == JobState.KILLING ? JobState.KILLED : JobState.FAILED);
        });
    }

    private void moveTo(JobState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("pipeline " + id + " cannot move from " + state + " to " + next);
        }
        state = next;
        engine.changed(this);
    }

    /** The first of {@code stepOutputs} without {@code _SUCCESS}, or null; blocking. */
    private String firstIncomplete(List<String> stepOutputs) throws java.io.IOException {
        for (String stepOutput : stepOutputs) {
            if (!output.succeeded(stepOutput)) {
                return stepOutput;
            }
        }
        return null;
    }

    private StepRun runOf(String stepName) {
        return runs.stream().filter(r -> r.step.name().equals(stepName)).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------- view

    /** A snapshot for the API; {@code jobStates} gives a step job's current state (null when unknown). */
    public PipelineStatus view(Function<String, JobState> jobStates) {
        List<StepStatus> steps = new ArrayList<>();
        for (StepRun run : runs) {
            List<StepJob> jobs = new ArrayList<>();
            for (int i = 0; i < run.jobIds.size(); i++) {
                jobs.add(new StepJob(i + 1, run.jobIds.get(i), jobStates.apply(run.jobIds.get(i))));
            }
            Step step = run.step;
            String stepOutput = run.lastOutput != null ? run.lastOutput
                    : output.stepOutput(step.name(), step.iterates(), 1);
            steps.add(new StepStatus(step.name(), step.jobClass(), step.inputs().stream().map(StepInput::toString).toList(),
                    stepOutput, step.keep(), step.maxRounds(),
                    step.until() == null ? null : step.until().toString(), run.state, jobs, run.stopReason));
        }
        return new PipelineStatus(id, name, state, output.location(), spec.params(), submittedAt, startedAt,
                finishedAt, steps, counters, error, errorStep, errorJob, errorStackTrace);
    }
}
