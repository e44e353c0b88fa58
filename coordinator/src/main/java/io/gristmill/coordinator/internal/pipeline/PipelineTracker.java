package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.api.Pipeline;
import io.gristmill.api.Step;
import io.gristmill.cluster.Failures;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.PipelineStatus;
import io.gristmill.coordinator.SpecException;
import io.gristmill.coordinator.internal.DecisionLog;
import io.gristmill.coordinator.internal.JobExecution;
import io.gristmill.coordinator.internal.JobPlanner;
import io.gristmill.coordinator.internal.JobTracker;
import io.gristmill.coordinator.internal.jar.JarInspector;
import io.gristmill.coordinator.internal.planning.PlanQueue;
import io.gristmill.coordinator.internal.planning.PlanRequest;
import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.gristmill.coordinator.internal.recovery.PipelineJournalEntries;
import io.gristmill.coordinator.internal.recovery.RecoveredPipeline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * The coordinator's pipelines: accepts them, has their definitions run in a planning process (through the same
 * {@link PlanQueue} as jobs' plans, so no job code runs in the coordinator), runs their steps through the
 * {@link JobTracker} as ordinary jobs, tells each pipeline when a job ends, and keeps them in the history. Confined
 * to the coordinator verticle's context, like the job tracker.
 */
public final class PipelineTracker implements PipelineExecution.Engine {
    private static final Logger log = LoggerFactory.getLogger(PipelineTracker.class);
    private static final java.time.format.DateTimeFormatter ID_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);
    /** Pipeline ids start with this; job ids with {@code job-}. */
    public static final String ID_PREFIX = "pipeline-";

    private final Vertx vertx;
    private final JobTracker jobs;
    private final JobPlanner planner;
    private final PlanQueue plans;
    private final PipelineHistory history;
    private final DecisionLog decisions;
    private final LongSupplier clock;
    private final Map<String, PipelineExecution> pipelines = new LinkedHashMap<>();
    private final Map<String, PipelineStatus> historic = new LinkedHashMap<>();
    private int sequence;

    /**
     * @param history null to keep none (no state dir)
     * @param journal where pipelines' decisions are kept for a later coordinator term (the jobs' journal); null to
     *                keep none
     */
    public PipelineTracker(Vertx vertx, JobTracker jobs, JobPlanner planner, PlanQueue plans, PipelineHistory history,
                           JobJournal journal, LongSupplier clock) {
        this.vertx = vertx;
        this.decisions = new DecisionLog(journal, vertx.getOrCreateContext());
        this.jobs = jobs;
        this.planner = planner;
        this.plans = plans;
        this.history = history;
        this.clock = clock;
        jobs.onJobEnded(this::jobEnded);
    }

    /** Whether {@code id} names a pipeline rather than a job. */
    public static boolean isPipelineId(String id) {
        return id != null && id.startsWith(ID_PREFIX);
    }

    /** Pipelines of earlier coordinator runs. */
    public void restoreHistory(List<PipelineStatus> earlier) {
        earlier.forEach(status -> historic.put(status.id(), status));
        sequence = Math.max(sequence, historic.size() + pipelines.size());
    }

    /**
     * Carries on the pipelines an earlier coordinator term left unfinished, from their journal (see
     * {@link PipelineExecution#resume}); one that was still being defined is defined again. Call once the job
     * journal's jobs have been resumed: a pipeline follows its running step's job there.
     */
    public void resume(List<RecoveredPipeline> recovered) {
        for (RecoveredPipeline earlier : recovered) {
            PipelineExecution pipeline = PipelineExecution.resume(earlier, this);
            pipelines.put(pipeline.id(), pipeline);
            if (pipeline.state() == JobState.PLANNING) {
                define(pipeline, earlier.spec(), earlier.pipelineClass());
            }
        }
        sequence = Math.max(sequence, historic.size() + pipelines.size());
    }

    /**
     * Ends what pipelines interrupted by a coordinator restart left behind when the journal cannot resume them (they
     * were accepted by a coordinator that did not journal pipelines): kills their step jobs that the job journal
     * resumed, then removes their output folder. Call once the jobs have been resumed.
     *
     * @param interrupted the pipelines the history has just found unfinished ({@link PipelineHistory#settledByRecovery})
     */
    public void endInterrupted(java.util.Set<String> interrupted) {
        for (PipelineStatus status : historic.values()) {
            if (!interrupted.contains(status.id())) {
                continue;
            }
            List<Future<Void>> kills = new ArrayList<>();
            status.steps().forEach(step -> step.jobs().forEach(stepJob -> {
                JobExecution job = jobs.job(stepJob.jobId());
                if (job != null && !job.state().isTerminal() && !job.isEnding()) {
                    kills.add(jobs.kill(job.id()));
                }
            }));
            // the output goes once the step's job has ended, so none of its attempts writes there afterwards
            Future.join(kills).eventually(() -> blocking(() -> {
                PipelineOutput.of(status.output()).removeAll();
                return null;
            })).onComplete(done -> log.info("{}: interrupted by a coordinator restart; its step jobs were killed, "
                    + "its output removed{}", status.id(), done.failed() ? " (failed: " + done.cause() + ")" : ""));
        }
    }

    /** Validates and accepts a pipeline (blocking checks off the context), then has its definition run. */
    public Future<String> submit(JobSpec spec, String pipelineClass) {
        if (jobs.isSuperseded()) {
            return Future.failedFuture(new IllegalStateException("this coordinator has stepped down"));
        }
        return blocking(() -> planner.acceptPipeline(spec, pipelineClass)).compose(name -> {
            PipelineExecution pipeline = new PipelineExecution(nextId(), name, spec, this);
            pipelines.put(pipeline.id(), pipeline);
            // the 201 waits for the journal, as a job's does: an accepted pipeline survives a coordinator crash
            return journal(pipeline.id(), PipelineJournalEntries.accepted(pipeline.id(), name, spec, pipelineClass,
                    pipeline.submittedAt())).map(recorded -> {
                changed(pipeline);
                log.info("accepted pipeline {} ({})", pipeline.id(), name);
                define(pipeline, spec, pipelineClass);
                return pipeline.id();
            }).recover(e -> {
                pipeline.definitionFailed("the coordinator could not record the pipeline: " + Failures.describe(e), null);
                return Future.failedFuture(e);
            });
        });
    }

    private void define(PipelineExecution pipeline, JobSpec spec, String pipelineClass) {
        PlanRequest request = PlanRequest.pipeline(spec.jar(), pipelineClass, spec.params());
        plans.submit(pipeline.id(), request, spec.planTimeout(), (result, failure) -> {
            if (failure != null) {
                pipeline.definitionFailed(failure.getMessage(), failure.jobStackTrace());
                return;
            }
            blocking(() -> checkStepClasses(spec, result.pipeline())).onComplete(checked -> {
                if (checked.failed()) {
                    pipeline.definitionFailed(Failures.describe(checked.cause()), null);
                } else {
                    pipeline.defined(checked.result());
                }
            });
        });
    }

    /** Every step's class is a job of the jar (read from its class file, never loaded): a bad one fails the pipeline now. */
    private static Pipeline checkStepClasses(JobSpec spec, Pipeline pipeline) throws SpecException {
        for (Step step : pipeline.steps()) {
            JarInspector.Entry entry;
            try {
                entry = JarInspector.entry(spec.jar(), step.jobClass());
            } catch (SpecException e) {
                throw new SpecException("jobClass", "step " + step.name() + ": " + e.getMessage());
            }
            if (entry.pipeline()) {
                throw new SpecException("jobClass", "step " + step.name() + ": class " + step.jobClass()
                        + " is a PipelineDefinition; a step runs a JobDefinition");
            }
        }
        return pipeline;
    }

    /** Kills a pipeline that has not ended; fails with {@link IllegalStateException} if it has. */
    public Future<Void> kill(String id) {
        PipelineExecution pipeline = pipelines.get(id);
        if (pipeline == null) {
            return Future.failedFuture(historic.containsKey(id)
                    ? new IllegalStateException("pipeline " + id + " already " + historic.get(id).state())
                    : new NoSuchElementException("no pipeline " + id));
        }
        return pipeline.kill();
    }

    /** A pipeline, this run's or an earlier one's; fails with {@link NoSuchElementException} if unknown. */
    public PipelineStatus status(String id) {
        PipelineExecution pipeline = pipelines.get(id);
        if (pipeline != null) {
            return pipeline.view(this::jobState);
        }
        PipelineStatus status = historic.get(id);
        if (status == null) {
            throw new NoSuchElementException("no pipeline " + id);
        }
        return status;
    }

    /** Every pipeline, newest first. */
    public List<PipelineStatus> all() {
        List<PipelineStatus> all = new ArrayList<>(historic.values());
        pipelines.values().forEach(p -> all.add(p.view(this::jobState)));
        all.sort(Comparator.comparingLong(PipelineStatus::submittedAt).thenComparing(PipelineStatus::id).reversed());
        return all;
    }

    private void jobEnded(JobExecution job) {
        JobStatus status = io.gristmill.coordinator.internal.Views.job(job, Map.of());
        for (PipelineExecution pipeline : List.copyOf(pipelines.values())) {
            pipeline.jobEnded(status);
        }
    }

    private String nextId() {
        sequence++;
        return ID_PREFIX + ID_TIME.format(java.time.Instant.ofEpochMilli(clock.getAsLong())) + "-"
                + String.format("%04d", sequence % 10000);
    }

    // ---------------------------------------------------------------- PipelineExecution.Engine

    @Override
    public Future<String> submitJob(JobSpec spec, JobStatus.PipelineLink step) {
        return jobs.submit(spec, step);
    }

    @Override
    public String jobRunning(JobStatus.PipelineLink step) {
        return jobs.jobRunning(step);
    }

    @Override
    public JobStatus endedJob(String jobId) {
        JobExecution job = jobs.job(jobId);
        if (job != null) {
            return job.state().isTerminal() ? io.gristmill.coordinator.internal.Views.job(job, Map.of()) : null;
        }
        try {
            return jobs.historic(jobId);
        } catch (NoSuchElementException e) {
            return null;
        }
    }

    @Override
    public Future<Void> journal(String pipelineId, JsonObject entry) {
        return decisions.append(pipelineId, entry);
    }

    @Override
    public Future<Void> killJob(String jobId) {
        return jobs.kill(jobId);
    }

    @Override
    public JobState jobState(String jobId) {
        JobExecution job = jobs.job(jobId);
        if (job != null) {
            return job.state();
        }
        try {
            return jobs.historic(jobId).state();
        } catch (NoSuchElementException e) {
            return null;
        }
    }

    @Override
    public <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    @Override
    public void cancelDefinition(String pipelineId) {
        plans.cancel(pipelineId);
    }

    @Override
    public void changed(PipelineExecution pipeline) {
        if (history == null) {
            return;
        }
        history.recordLater(pipeline.view(this::jobState)).whenComplete((done, e) -> {
            if (e != null) {
                log.warn("{}: could not record history: {}", pipeline.id(), e.toString());
            }
        });
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }
}
