package io.gristmill.coordinator;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Epochs;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.FetchFailure;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.JobStatus.TaskStatus;
import io.gristmill.cluster.metrics.Metrics;
import io.gristmill.coordinator.internal.AttemptRecord;
import io.gristmill.coordinator.internal.CoordinatorMetrics;
import io.gristmill.coordinator.internal.JobExecution;
import io.gristmill.coordinator.internal.JobHistory;
import io.gristmill.coordinator.internal.JobPlanner;
import io.gristmill.coordinator.internal.input.AllowedRoots;
import io.gristmill.coordinator.internal.jar.JarInspector;
import io.gristmill.coordinator.internal.pipeline.PipelineHistory;
import io.gristmill.coordinator.internal.pipeline.PipelineTracker;
import io.gristmill.coordinator.internal.recovery.CoordinatorTerms;
import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.gristmill.coordinator.internal.recovery.RecoveredJob;
import io.gristmill.coordinator.internal.recovery.TermStart;
import io.gristmill.coordinator.internal.planning.ChildProcessPlanRunner;
import io.gristmill.coordinator.internal.planning.InProcessPlanRunner;
import io.gristmill.coordinator.internal.planning.PlanQueue;
import io.gristmill.coordinator.internal.planning.PlanRunner;
import io.gristmill.coordinator.internal.time.VertxTimer;
import io.gristmill.coordinator.internal.JobTracker;
import io.gristmill.coordinator.internal.ListPages;
import io.gristmill.coordinator.internal.Views;
import io.gristmill.coordinator.internal.WorkerRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The coordinator role: accepts jobs, schedules their tasks on registered workers, decides commits and detects
 * dead workers. All its state lives in a {@link JobTracker} confined to this verticle's context; the public
 * methods may be called from any thread and hop onto that context.
 */
public final class CoordinatorVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorVerticle.class);

    private final CoordinatorConfig config;
    private final Metrics metrics = new Metrics();
    private final CoordinatorMetrics coordinatorMetrics = new CoordinatorMetrics(metrics.registry());
    // Two jobs plan at once; more wait their turn rather than start a JVM each.
    private static final int PLANNING_AT_ONCE = 2;
    private static final String PLANNING_HEAP = "512m";

    /** How often workers' heartbeats are checked: the most a silent worker is declared dead after its timeout. */
    private static final long HEARTBEAT_CHECK_MILLIS = 200;

    private JobTracker tracker;
    private PipelineTracker pipelines;
    private PipelineHistory pipelineHistory;
    private PlanRunner planRunner;
    private JobHistory history;
    private Context ownContext;
    private CoordinatorTerms terms;
    private JobJournal journal;
    private volatile long term;
    private Runnable stepDown;
    private java.util.function.Supplier<java.util.Set<String>> workerMembers;
    private final List<MessageConsumer<Object>> consumers = new java.util.ArrayList<>();

    public CoordinatorVerticle(CoordinatorConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        ownContext = context;
        history = config.stateDir() == null ? null : new JobHistory(config.stateDir());
        pipelineHistory = config.stateDir() == null ? null : new PipelineHistory(config.stateDir());
        if (config.stateDir() == null) {
            activate(0, null, new TermStart(null, List.of(), List.of(), List.of(), List.of()));
            return Future.succeededFuture();
        }
        terms = new CoordinatorTerms(config.stateDir());
        return vertx.executeBlocking(() -> {
            JobJournal journal = new JobJournal(config.stateDir(), () -> terms.isSuperseded(term));
            try {
                TermStart start = TermStart.begin(terms, journal, history, pipelineHistory, config.clock().getAsLong());
                term = start.term().number();
                log.info("claimed term {}; journal replayed", term);
                return Map.entry(start, journal);
            } catch (RuntimeException | java.io.IOException e) {
                journal.close();
                throw e;
            }
        }, false).onSuccess(started -> {
            this.journal = started.getValue();
            TermStart start = started.getKey();
            activate(start.term().number(), journal, start);
        });
    }

    /**
     * Becomes the active coordinator of {@code term}: takes the coordinator's addresses and resumes the jobs and
     * pipelines {@code start} found unfinished.
     */
    private void activate(long term, JobJournal journal, TermStart start) {
        List<RecoveredJob> resumed = start.resumed();
        planRunner = newPlanRunner();
        VertxTimer timer = new VertxTimer(vertx);
        PlanQueue plans = new PlanQueue(planRunner, timer, work -> context.runOnContext(v -> work.run()),
                PLANNING_AT_ONCE);
        JobPlanner planner = new JobPlanner(config.maxTasks(), AllowedRoots.of(config.allowedRoots()));
        tracker = new JobTracker(vertx, Epochs.of(term), config, history, coordinatorMetrics, planner, plans, timer,
                journal, term);
        tracker.restoreHistory(start.historic());
        pipelines = new PipelineTracker(vertx, tracker, planner, plans, pipelineHistory, journal, config.clock());
        pipelines.restoreHistory(start.historicPipelines());
        if (workerMembers != null) {
            tracker.workerMembers(workerMembers);
        }
        tracker.resume(resumed);
        // after the jobs: a pipeline follows its running step's job, which the job journal has just resumed
        pipelines.resume(start.resumedPipelines());
        pipelines.endInterrupted(pipelineHistory == null ? java.util.Set.of() : pipelineHistory.settledByRecovery());
        consume(Addresses.REGISTER, RegisterWorker.class, r -> {
            tracker.onRegister(r);
            return Messages.encode(new Registered(tracker.epoch(), tracker.logSecret()));
        });
        consume(Addresses.HEARTBEAT, Heartbeat.class, h -> {
            tracker.onHeartbeat(h);
            return new JsonObject();
        });
        consume(Addresses.ATTEMPT_UPDATE, AttemptUpdates.class, u -> Messages.encode(tracker.onAttemptUpdates(u)));
        consume(Addresses.FETCH_FAILURE, FetchFailure.class, f -> {
            tracker.onFetchFailure(f);
            return new JsonObject();
        });
        consume(Addresses.COMMIT, CommitRequests.class, c -> tracker.onCommitRequests(c).map(Messages::encode));
        consume(Addresses.MAP_OUTPUTS, Messages.MapOutputsWanted.class, tracker::onMapOutputsWanted);
        Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                .onSuccess(v -> vertx.eventBus().publish(Addresses.COORDINATOR_ACTIVE, tracker.epoch()));
        // often, so that a silent worker is declared dead within a fraction of a second of its timeout (a pass
        // over the live workers: about 2,000 comparisons at the largest size simulated)
        vertx.setPeriodic(HEARTBEAT_CHECK_MILLIS, id -> tracker.checkHeartbeats());
        vertx.setPeriodic(1000, id -> {
            tracker.schedule(); // time passing alone can make a straggler worth a backup
            tracker.sampleMetrics();
            checkStillCurrent();
        });
        log.info("coordinator started, term {}, epoch {}{}{}", term, tracker.epoch(),
                resumed.isEmpty() ? "" : ", resuming " + resumed.size() + " job(s)",
                start.resumedPipelines().isEmpty() ? "" : ", carrying on " + start.resumedPipelines().size()
                        + " pipeline(s)");
    }

    /**
     * Once a newer term exists (another coordinator took over while this one was frozen or cut off), this one takes
     * no more decisions: it stops scheduling and its journal refuses writes, and its owner is told to step down.
     */
    private void checkStillCurrent() {
        if (terms == null || stepDown == null) {
            return;
        }
        vertx.executeBlocking(() -> terms.isSuperseded(term), false).onSuccess(superseded -> {
            if (superseded && !tracker.isSuperseded()) {
                tracker.superseded();
                consumers.forEach(c -> c.unregister());
                log.error("coordinator term {} is over: a newer term started elsewhere; stepping down", term);
                stepDown.run();
            }
        });
    }

    /**
     * Tells the coordinator which cluster members are workers (the node ids of members that are not coordinators;
     * the supplier may block): a resumed job's maps then stop waiting for held outputs as soon as every one of them
     * has registered again. Call before the verticle is deployed.
     */
    public void workerMembers(java.util.function.Supplier<java.util.Set<String>> members) {
        this.workerMembers = members;
    }

    /** What to do when a newer coordinator term has started: by default, only stop deciding. */
    public void onSuperseded(Runnable action) {
        this.stepDown = action;
    }

    /** This coordinator's term (0 without a state dir). */
    public long term() {
        return term;
    }

    /** Every coordinator term of the state dir, oldest first (empty without one). */
    public Future<List<CoordinatorTerms.Term>> terms() {
        if (terms == null) {
            return Future.succeededFuture(List.of());
        }
        return vertx.executeBlocking(terms::all, false);
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> { // both wait for their threads: not on the event loop
            if (planRunner != null) {
                planRunner.close();
            }
            if (history != null) {
                history.close();
            }
            if (pipelineHistory != null) {
                pipelineHistory.close();
            }
            if (journal != null) {
                journal.close();
            }
            return null;
        });
    }

    /** Job code never runs in a coordinator: each job is planned in a process of its own (local mode excepted). */
    private PlanRunner newPlanRunner() {
        if (config.planInProcess()) {
            return new InProcessPlanRunner();
        }
        Path workDir = config.stateDir() != null ? config.stateDir().resolve("planning")
                : Path.of(System.getProperty("java.io.tmpdir"), "gristmill-planning-" + ProcessHandle.current().pid());
        return new ChildProcessPlanRunner(workDir, List.of("-Xmx" + PLANNING_HEAP));
    }

    private <T> void consume(String address, Class<T> type, Function<T, Object> handler) {
        consumers.add(vertx.eventBus().<Object>consumer(address, message -> handle(message, type, handler)));
    }

    private static <T> void handle(Message<Object> message, Class<T> type, Function<T, Object> handler) {
        T body;
        try {
            body = Messages.decode(message.body(), type);
        } catch (RuntimeException e) {
            message.fail(FailureCode.BAD_REQUEST, "bad " + type.getSimpleName() + ": " + e.getMessage());
            return;
        }
        try {
            Object answer = handler.apply(body);
            if (answer instanceof Future<?> later) { // answered once its decisions are on disk
                later.onSuccess(message::reply).onFailure(e -> {
                    if (e instanceof ReplyException refusal) { // a refusal decided later, e.g. the job ended
                        message.fail(refusal.failureCode(), refusal.getMessage());
                        return;
                    }
                    log.warn("could not answer {}: {}", type.getSimpleName(), e.toString());
                    message.fail(FailureCode.INTERNAL, e.toString());
                });
            } else {
                message.reply(answer);
            }
        } catch (ReplyException e) {
            message.fail(e.failureCode(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("failed to handle {}", type.getSimpleName(), e);
            message.fail(FailureCode.INTERNAL, e.toString());
        }
    }

    /** What this coordinator run presents to workers' HTTP servers to read attempt logs. */
    public String logSecret() {
        return tracker.logSecret();
    }

    /** The epoch of this coordinator run. */
    public String epoch() {
        return tracker.epoch();
    }

    /**
     * Accepts a job, or a pipeline when the entry class is a {@code PipelineDefinition} (its id then starts with
     * {@value PipelineTracker#ID_PREFIX}); fails with {@link SpecException} when the submission is invalid.
     */
    public Future<String> submit(JobSpec spec) {
        return onContext(() -> vertx.executeBlocking(() -> JarInspector.entry(spec.jar(), spec.jobClass()), false)
                .compose(entry -> entry.pipeline() ? pipelines.submit(spec, entry.className()) : tracker.submit(spec)));
    }

    /** Whether {@code id} names a pipeline (see {@link #pipeline}) rather than a job. */
    public static boolean isPipelineId(String id) {
        return PipelineTracker.isPipelineId(id);
    }

    /** Fails with {@link NoSuchElementException} for an unknown id. */
    public Future<PipelineStatus> pipeline(String id) {
        return onContext(() -> Future.succeededFuture(pipelines.status(id)));
    }

    /** Every pipeline, newest first. */
    public Future<List<PipelineStatus>> pipelines() {
        return onContext(() -> Future.succeededFuture(pipelines.all()));
    }

    /** Kills a pipeline (its running step's job first); fails with {@link IllegalStateException} if it already ended. */
    public Future<Void> killPipeline(String id) {
        return onContext(() -> pipelines.kill(id));
    }

    /** Fails with {@link NoSuchElementException} for an unknown id. */
    public Future<JobStatus> job(String jobId) {
        return onContext(() -> {
            JobExecution job = tracker.job(jobId);
            return Future.succeededFuture(job != null ? Views.job(job, tracker.exclusions(job)) : tracker.historic(jobId));
        });
    }

    public Future<List<JobStatus>> jobs() {
        return onContext(() -> Future.succeededFuture(tracker.allStatuses()));
    }

    /** A page of the jobs, newest first: those in {@code state} only unless it is null (see {@link ListPages}). */
    public Future<Page<JobStatus>> jobsPage(JobState state, int offset, int limit) {
        return onContext(() -> Future.succeededFuture(new ListPages(tracker).jobs(state, offset, limit)));
    }

    /** A page of the workers in the order they registered: live or dead ones only unless {@code alive} is null. */
    public Future<Page<WorkerStatus>> workersPage(Boolean alive, int offset, int limit) {
        return onContext(() -> Future.succeededFuture(new ListPages(tracker).workers(alive, offset, limit)));
    }

    /**
     * A page of a job's tasks, maps then reduces: those of {@code type} and in {@code state} only unless null (see
     * {@link ListPages}). Fails with {@link NoSuchElementException} for a job not of this run.
     */
    public Future<Page<TaskStatus>> tasksPage(String jobId, TaskType type, TaskState state, int offset, int limit) {
        return onContext(() -> Future.succeededFuture(ListPages.tasks(existing(jobId), type, state, offset, limit)));
    }

    /**
     * Which tasks a request for a page of a job's tasks answers (see {@link ListPages#taskSelection}); their statuses
     * come from {@link #tasksAt}. Fails with {@link NoSuchElementException} for a job not of this run.
     */
    public Future<TaskSelection> taskSelection(String jobId, TaskType type, TaskState state, int offset, int limit) {
        return onContext(() -> Future.succeededFuture(ListPages.taskSelection(existing(jobId), type, state, offset,
                limit)));
    }

    /**
     * The statuses of the tasks at {@code positions[from..to)} of a {@link #taskSelection} made with the same
     * {@code type}. Fails with {@link NoSuchElementException} once the job is no longer of this run.
     */
    public Future<List<TaskStatus>> tasksAt(String jobId, TaskType type, int[] positions, int from, int to) {
        return onContext(() -> Future.succeededFuture(ListPages.tasksAt(existing(jobId), type, positions, from, to)));
    }

    /** Every task of a job with every attempt; fails with {@link NoSuchElementException} for a job not of this run. */
    public Future<List<TaskStatus>> tasks(String jobId) {
        return onContext(() -> Future.succeededFuture(Views.tasks(existing(jobId))));
    }

    public Future<List<WorkerStatus>> workers() {
        return onContext(() -> Future.succeededFuture(tracker.workers().stream().map(w -> Views.worker(w, tracker.exclusion(w.id()))).toList()));
    }

    /** This process's metrics registry (the coordinator's own metrics and the JVM's). */
    public Metrics metrics() {
        return metrics;
    }

    /** The current metrics in the Prometheus text format ({@link Metrics#CONTENT_TYPE}). */
    public Future<byte[]> scrapeMetrics() {
        return onContext(() -> {
            tracker.sampleMetrics();
            return Future.succeededFuture();
        }).compose(v -> vertx.executeBlocking(metrics::scrape, false));
    }

    /**
     * Where the log of one attempt is kept: the worker that ran it and the HTTP address that serves its logs.
     *
     * @param workerAlive whether that worker incarnation is still alive
     */
    public record AttemptLogSource(String jobId, String taskId, String attemptId, String workerId, String host,
                                   int port, boolean workerAlive) {
    }

    /** Fails with {@link NoSuchElementException} for an unknown job, task or attempt. */
    public Future<AttemptLogSource> attemptLogSource(String jobId, String taskId, String attemptId) {
        return onContext(() -> {
            JobExecution job = tracker.job(jobId);
            if (job == null) {
                tracker.historic(jobId); // an unknown id fails here with NoSuchElementException
                throw new NoSuchElementException(tasksGone(jobId));
            }
            AttemptRecord attempt = job.attempt(attemptId);
            if (attempt == null || !attempt.task().taskId().equals(taskId)) {
                throw new NoSuchElementException("no attempt " + attemptId + " of task " + taskId + " in job " + jobId);
            }
            WorkerRecord worker = tracker.worker(attempt.workerId());
            return Future.succeededFuture(new AttemptLogSource(jobId, taskId, attemptId, attempt.workerId(),
                    worker == null ? null : worker.shuffleHost(), worker == null ? 0 : worker.shufflePort(),
                    worker != null && worker.alive()));
        });
    }

    /** Tells the coordinator that a cluster member left; its workers are dead at once. */
    public void memberLeft(String nodeId) {
        ownContext.runOnContext(v -> tracker.memberLeft(nodeId));
    }

    /**
     * The stored jar with content hash {@code hash}, for a worker that presents the secret of a running job using
     * it. Fails with {@link SecurityException} for a wrong secret, {@link NoSuchElementException} for an unknown jar.
     */
    public Future<java.nio.file.Path> jarFor(String hash, String secret) {
        return onContext(() -> Future.succeededFuture(tracker.jarFor(hash, secret)));
    }

    /** Like {@link #jarFor}, for a side file of a running job. */
    public Future<java.nio.file.Path> sideFileFor(String hash, String secret) {
        return onContext(() -> Future.succeededFuture(tracker.sideFileFor(hash, secret)));
    }

    /** Where workers download job jars from: this coordinator's REST base URL (unset: workers read the jar path). */
    public void jarBaseUrl(String url) {
        ownContext.runOnContext(v -> tracker.jarBaseUrl(url));
    }

    /** Kills a running job; fails with {@link IllegalStateException} if it already ended. */
    public Future<Void> kill(String jobId) {
        return onContext(() -> tracker.kill(jobId));
    }

    private JobExecution existing(String jobId) {
        JobExecution job = tracker.job(jobId);
        if (job == null) {
            tracker.historic(jobId); // an unknown id fails here with NoSuchElementException
            throw new NoSuchElementException(tasksGone(jobId));
        }
        return job;
    }

    /** Why a job whose status is known has no tasks here. */
    private String tasksGone(String jobId) {
        return "job " + jobId + " has ended and its tasks are no longer kept: it ran under an earlier coordinator, or "
                + "newer ended jobs hold the tasks this coordinator keeps (--kept-tasks " + config.keptTasks() + "); "
                + "GET /api/v1/jobs/" + jobId + " has its status";
    }

    private <T> Future<T> onContext(Supplier<Future<T>> work) {
        Promise<T> promise = Promise.promise();
        ownContext.runOnContext(v -> {
            try {
                work.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
