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
import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.gristmill.coordinator.internal.recovery.PipelineJournalEntries;
import io.gristmill.coordinator.internal.recovery.RecoveredPipeline;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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
 *
 * <p>Its decisions go to the journal ({@link PipelineJournalEntries}): a coordinator of a later term rebuilds the
 * pipeline from them ({@link #resume}) and carries it on where it stood — finished steps and rounds are not run
 * again, the running step's job (resumed by the job journal under the same id) is followed to its end.
 */
public final class PipelineExecution {
    private static final Logger log = LoggerFactory.getLogger(PipelineExecution.class);

    /** What a pipeline needs from the coordinator. Every method is called, and completes, on its context. */
    public interface Engine {
        /** Accepts a job that runs {@code step}; fails with a {@link SpecException} when the job is refused. */
        Future<String> submitJob(JobSpec spec, JobStatus.PipelineLink step);

        /** The job, accepted by this coordinator term or an earlier one, that runs {@code step}; null if none. */
        String jobRunning(JobStatus.PipelineLink step);

        /** The status of a job that has ended (in this term or an earlier one); null if it has not, or is unknown. */
        JobStatus endedJob(String jobId);

        /**
         * Keeps a decision in the pipeline's journal; completes once it is on disk (at once without a state dir),
         * fails with {@link JobJournal.SupersededException} once a newer coordinator term exists.
         */
        Future<Void> journal(String pipelineId, JsonObject entry);

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
    private boolean cleaningUp;
    // rebuilt from the journal: the next round to submit may have been accepted as a job by the earlier term
    private boolean resumed;
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
        this(id, name, spec, engine, engine.now());
    }

    private PipelineExecution(String id, String name, JobSpec spec, Engine engine, long submittedAt) {
        this.id = id;
        this.name = name;
        this.spec = spec;
        this.output = PipelineOutput.of(spec.output());
        this.engine = engine;
        this.submittedAt = submittedAt;
    }

    public String id() {
        return id;
    }

    public JobState state() {
        return state;
    }

    public long submittedAt() {
        return submittedAt;
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
        install(defined, engine.now());
        log.info("{}: {} step(s): {}", id, runs.size(), defined.steps().stream().map(Step::name).toList());
        // a later term that reads the steps from the journal runs no job code to learn them again
        record(PipelineJournalEntries.defined(defined, startedAt), () -> startStep(0));
    }

    private void install(Pipeline defined, long startedMillis) {
        this.pipeline = defined;
        defined.steps().forEach(step -> runs.add(new StepRun(step)));
        startedAt = startedMillis;
        moveTo(JobState.RUNNING);
    }

    /** The definition threw, timed out, or returned steps that cannot run. */
    public void definitionFailed(String reason, String trace) {
        if (state == JobState.PLANNING) {
            fail("pipeline definition failed: " + reason, null, null, trace);
        }
    }

    // ---------------------------------------------------------------- resuming

    /**
     * Rebuilds a pipeline that an earlier coordinator term left unfinished from its journal, and carries it on: one
     * that was being defined stays PLANNING (the caller has it defined again); one being failed or killed finishes
     * that; one being committed commits again; otherwise its step goes on where it stood — a round's job the earlier
     * term accepted is followed to its end (the job journal has resumed it under the same id), a round without one
     * is submitted. Call on the context once the earlier term's jobs have been resumed.
     */
    public static PipelineExecution resume(RecoveredPipeline recovered, Engine engine) {
        PipelineExecution pipeline = new PipelineExecution(recovered.id(), recovered.name(), recovered.spec(), engine,
                recovered.submittedMillis());
        if (recovered.pipeline() != null) {
            pipeline.install(recovered.pipeline(), recovered.startedMillis());
            pipeline.restoreSteps(recovered.steps());
        }
        pipeline.carryOn(recovered);
        return pipeline;
    }

    /** What each step did under the earlier term; the first step not done is the current one. */
    private void restoreSteps(Map<String, RecoveredPipeline.StepProgress> progress) {
        current = runs.size();
        for (int i = runs.size() - 1; i >= 0; i--) {
            StepRun run = runs.get(i);
            RecoveredPipeline.StepProgress done = progress.get(run.step.name());
            if (done == null) {
                current = i;
                continue;
            }
            run.jobIds.addAll(done.jobIds());
            run.lastOutput = output.stepOutput(run.step.name(), run.step.iterates(), run.round());
            if (done.done()) {
                run.state = StepState.SUCCEEDED;
                run.stopReason = done.stopReason().isEmpty() ? null : done.stopReason();
                counters = i == runs.size() - 1 ? done.counters() : counters;
            } else {
                run.state = StepState.RUNNING;
                current = i;
            }
        }
    }

    private void carryOn(RecoveredPipeline recovered) {
        if (recovered.ending() != null) {
            finishWhatWasBegun(recovered.ending());
        } else if (pipeline == null) {
            log.info("{}: was being defined when the previous coordinator stopped; defined again", id);
        } else if (recovered.committing() || current == runs.size()) {
            commit();
        } else {
            StepRun run = runs.get(current);
            RecoveredPipeline.StepProgress progress = recovered.steps().get(run.step.name());
            log.info("{}: carrying on at step {} ({} job(s) so far)", id, run.step.name(), run.round());
            resumed = true;
            if (progress == null) {
                startStep(current);
            } else if (run.round() > progress.roundsEnded()) {
                resumed = false;
                follow(run, run.jobIds.get(run.jobIds.size() - 1));
            } else { // the last round ended, and the step was to run another
                submitRound(run, List.of(run.lastOutput));
            }
        }
    }

    /** The earlier term was failing or killing the pipeline: a kill still waits for the step's job to end. */
    private void finishWhatWasBegun(RecoveredPipeline.Ending ending) {
        error = ending.error();
        errorStep = ending.step();
        errorJob = ending.jobId();
        errorStackTrace = ending.trace();
        moveTo(ending.state() == JobState.KILLED ? JobState.KILLING : JobState.FAILING);
        log.info("{}: finishing what the previous coordinator began: {} ({})", id, ending.state(), error);
        String running = runningJob();
        if (state == JobState.KILLING && running != null && engine.endedJob(running) == null
                && engine.jobState(running) != null) {
            engine.killJob(running).onFailure(e -> log.debug("{}: {} is ending already: {}", id, running, e.toString()));
            return;
        }
        finishEnding();
    }

    /** Follows a step's job accepted by an earlier term: ended already, or running (its end reaches jobEnded). */
    private void follow(StepRun run, String jobId) {
        JobStatus ended = engine.endedJob(jobId);
        if (ended != null) {
            jobEnded(ended);
        } else if (engine.jobState(jobId) == null) {
            fail("step " + run.step.name() + "'s job " + jobId + " is known neither to this coordinator nor to its "
                    + "history", run.step.name(), jobId, null);
        }
    }

    /**
     * The first round submitted after a resume: the earlier term may have had its job accepted without the pipeline's
     * journal saying so; then that job is followed. Otherwise the round's output folder goes (an acceptance that never
     * reached the job journal may have reserved it; no job owns it) and the round is submitted.
     */
    private void submitAfterEarlierTerm(StepRun run, List<String> inputs, JobStatus.PipelineLink link, String stepOutput) {
        String accepted = engine.jobRunning(link);
        if (accepted != null) {
            run.jobIds.add(accepted);
            run.lastOutput = stepOutput;
            engine.journal(id, PipelineJournalEntries.stepJob(run.step.name(), link.round(), accepted));
            engine.changed(this);
            follow(run, accepted);
            return;
        }
        submitting = true;
        engine.blocking(() -> {
            output.remove(stepOutput);
            return null;
        }).onComplete(removed -> {
            submitting = false;
            if (state == JobState.RUNNING) {
                submitRound(run, inputs);
            } else if (state == JobState.KILLING) {
                finishEnding();
            }
        });
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
        JobStatus.PipelineLink link = new JobStatus.PipelineLink(id, run.step.name(), round);
        if (resumed) {
            resumed = false;
            submitAfterEarlierTerm(run, inputs, link, stepOutput);
            return;
        }
        JobSpec stepSpec;
        try {
            stepSpec = StepSpecs.of(spec, name, run.step, round, inputs, stepOutput);
        } catch (SpecException e) {
            run.state = StepState.FAILED;
            fail("step " + run.step.name() + ": " + e.getMessage(), run.step.name(), null, null);
            return;
        }
        submitting = true;
        engine.submitJob(stepSpec, link).onComplete(submitted -> {
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
            // not waited for: a later term that misses it finds the job by its link (Engine#jobRunning)
            engine.journal(id, PipelineJournalEntries.stepJob(run.step.name(), round, submitted.result()));
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
        record(PipelineJournalEntries.roundEnded(step.name(), run.round(), job.counters(), stop),
                () -> afterRound(run, job, stop));
    }

    private void afterRound(StepRun run, JobStatus job, String stop) {
        Step step = run.step;
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
        record(PipelineJournalEntries.committing(), () -> engine.blocking(() -> {
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
        }));
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
        return ending(JobState.KILLED).compose(recorded -> {
            String running = runningJob();
            if (running != null && engine.jobState(running) != null && !engine.jobState(running).isTerminal()) {
                // the pipeline ends once its step's job has ended (jobEnded), so no step file is written after
                return engine.killJob(running).recover(e -> Future.succeededFuture());
            }
            if (!submitting) {
                finishEnding();
            }
            return Future.succeededFuture();
        });
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
        ending(JobState.FAILED).onSuccess(recorded -> finishEnding());
    }

    /**
     * Journals that the pipeline is being failed or killed, before its output goes. Fails only when a newer
     * coordinator term exists: that term decides about the pipeline now, and this one must not remove its files (a
     * step refused because this coordinator stepped down is how an old term would otherwise fail it). Any other
     * failure to write only logs: the pipeline ends anyway.
     */
    private Future<Void> ending(JobState end) {
        return engine.journal(id, PipelineJournalEntries.ending(end, error, errorStep, errorJob, errorStackTrace))
                .recover(e -> {
                    if (e instanceof JobJournal.SupersededException) {
                        log.info("{}: not ended by this coordinator: a newer term carries it on", id);
                        return Future.failedFuture(e);
                    }
                    log.warn("{}: could not journal its end: {}", id, e.toString());
                    return Future.succeededFuture();
                });
    }

    /** Removes the pipeline's output, then reaches FAILED or KILLED; once, however many paths lead here. */
    private void finishEnding() {
        if (cleaningUp) {
            return;
        }
        cleaningUp = true;
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
        if (next.isTerminal()) {
            engine.journal(id, PipelineJournalEntries.ended(next));
        }
    }

    /**
     * Journals a decision, then acts on it if the pipeline is still where it was. Once a newer coordinator term
     * exists this term does nothing more (that term carries the pipeline on); any other failure to write fails the
     * pipeline, since a decision no later term would know of must not be acted on.
     */
    private void record(JsonObject entry, Runnable then) {
        JobState before = state;
        engine.journal(id, entry).onComplete(done -> {
            if (done.succeeded()) {
                if (state == before) {
                    then.run();
                }
            } else if (done.cause() instanceof JobJournal.SupersededException) {
                log.info("{}: a newer coordinator term carries the pipeline on", id);
            } else {
                fail("the coordinator could not record the pipeline's progress: " + Failures.describe(done.cause()),
                        null, null, Failures.stackTrace(done.cause()));
            }
        });
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
