package io.gristmill.coordinator.internal;

import io.gristmill.cluster.io.Compression;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Failures;
import io.gristmill.cluster.Secrets;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.FetchFailure;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.JobEnded;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.internal.planning.PlanQueue;
import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.gristmill.coordinator.internal.recovery.JournalEntries;
import io.gristmill.coordinator.internal.recovery.RecoveredJob;
import io.gristmill.coordinator.internal.planning.PlanRequest;
import io.gristmill.coordinator.internal.rules.Exclusions;
import io.gristmill.coordinator.internal.time.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The coordinator's state and the job lifecycle (submit, plan, run, commit, fail or kill), with the workers that
 * registered. Its other concerns have classes of their own that share this state: {@link AttemptProtocol} (the
 * attempt lifecycle and what workers report), {@link SlotFiller} (scheduling, speculation, preemption, exclusion)
 * and {@link WorkerLosses} (dead workers and lost map outputs). Confined to the coordinator verticle's context:
 * every method here runs on it, and blocking work (planning, file commits) is handed to {@code executeBlocking}
 * and comes back to the context before touching state.
 */
public final class JobTracker {
    private static final Logger log = LoggerFactory.getLogger(JobTracker.class);

    private final Vertx vertx;
    private final String epoch;
    private final String logSecret;
    private final LongSupplier clock;
    private final WorkerMessenger messenger;
    private final JobIds ids;
    private final Map<String, JobExecution> jobs = new LinkedHashMap<>();
    private final FinishedJobs finished;
    private final Map<String, WorkerRecord> workers = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final JobHistory history;
    // ended jobs known by their status only: an earlier run's, and this run's that gave up their tasks (FinishedJobs)
    private final Map<String, JobStatus> historic = new LinkedHashMap<>();
    private String jarBaseUrl;
    private final WorkerLosses losses;
    private final CoordinatorMetrics metrics;
    private final JobPlanner planner;
    private final PlanQueue plans;
    private final Exclusions exclusions = new Exclusions();
    private final AttemptProtocol protocol;
    private final SlotFiller slots;
    private final FreeSlots freeSlots = new FreeSlots();
    private final DecisionLog decisions;
    private final MapOutputFeed mapOutputs;
    private final JobResumption resumption;
    private boolean superseded;
    private final List<java.util.function.Consumer<JobExecution>> endListeners = new ArrayList<>();

    /**
     * @param config  the coordinator's settings: its clock, heartbeat timeout, held-output grace and kept tasks
     * @param journal where decisions are kept for the next coordinator term; null to keep none
     * @param term    this coordinator's term (0 without a state dir)
     */
    public JobTracker(Vertx vertx, String epoch, CoordinatorConfig config, JobHistory history,
                      CoordinatorMetrics metrics, JobPlanner planner, PlanQueue plans, Timer timer,
                      JobJournal journal, long term) {
        LongSupplier clock = config.clock();
        Duration heartbeatTimeout = config.heartbeatTimeout();
        this.finished = new FinishedJobs(config.keptTasks());
        this.decisions = new DecisionLog(journal, vertx.getOrCreateContext());
        this.resumption = new JobResumption(this, term, config.heldOutputGrace(), timer);
        this.planner = planner;
        this.plans = plans;
        this.history = history;
        this.metrics = metrics;
        this.vertx = vertx;
        this.epoch = epoch;
        this.logSecret = newSecret();
        this.clock = clock;
        this.messenger = new WorkerMessenger(vertx, Math.max(5_000, heartbeatTimeout.toMillis()));
        this.mapOutputs = new MapOutputFeed(timer);
        this.ids = new JobIds(clock);
        this.losses = new WorkerLosses(this, vertx, metrics, heartbeatTimeout);
        this.protocol = new AttemptProtocol(this, messenger, metrics, timer, exclusions);
        this.slots = new SlotFiller(this, protocol, new Speculator(this, protocol), exclusions, freeSlots);
    }

    public String epoch() {
        return epoch;
    }

    /** What this coordinator run presents to workers to read attempt logs (given to them when they register). */
    public String logSecret() {
        return logSecret;
    }

    public Collection<JobExecution> jobs() {
        return jobs.values();
    }

    public JobExecution job(String id) {
        return jobs.get(id);
    }

    public void jarBaseUrl(String url) {
        this.jarBaseUrl = url;
    }

    /** The jar of a live job with this hash whose secret is {@code secret}. */
    public java.nio.file.Path jarFor(String hash, String secret) {
        return liveJobFile("jar", hash, secret, job -> job.jarHash().equals(hash) ? job.spec().jar() : null);
    }

    /** The side file of a live job with this hash whose secret is {@code secret}. */
    public java.nio.file.Path sideFileFor(String hash, String secret) {
        return liveJobFile("side file", hash, secret, job -> job.sideFiles().stream()
                .filter(f -> f.hash().equals(hash)).map(ShippedFile::file).findFirst().orElse(null));
    }

    /**
     * The file {@code ofJob} finds (by hash) in a job that has not ended and whose secret is {@code secret}: fails
     * with {@link SecurityException} when only jobs with other secrets have it, {@link java.util.NoSuchElementException}
     * when no live job has it.
     */
    private java.nio.file.Path liveJobFile(String what, String hash, String secret,
                                           java.util.function.Function<JobExecution, java.nio.file.Path> ofJob) {
        boolean known = false;
        for (JobExecution job : jobs.values()) {
            java.nio.file.Path file = job.state().isTerminal() ? null : ofJob.apply(job);
            if (file != null) {
                known = true;
                if (Secrets.matches(job.secret(), secret)) {
                    return file;
                }
            }
        }
        if (known) {
            throw new SecurityException("wrong job secret for " + what + " " + hash);
        }
        throw new java.util.NoSuchElementException("no running job uses " + what + " " + hash);
    }

    /** Jobs of earlier coordinator runs, as recovered from the state dir. */
    public void restoreHistory(List<JobStatus> jobs) {
        jobs.forEach(status -> historic.put(status.id(), status));
        ids.skipPast(historic.size());
    }

    /**
     * An ended job known by its status only (of an earlier coordinator run, or one that gave up its tasks); fails
     * with {@link java.util.NoSuchElementException} if unknown.
     */
    public JobStatus historic(String id) {
        JobStatus status = historic.get(id);
        if (status == null) {
            throw new java.util.NoSuchElementException("no job " + id);
        }
        return status;
    }

    /** The job, this run's or an earlier one's, that runs {@code step} of a pipeline, or null if none was accepted. */
    public String jobRunning(JobStatus.PipelineLink step) {
        for (JobExecution job : jobs.values()) {
            if (step.equals(job.pipeline())) {
                return job.id();
            }
        }
        return historic.values().stream().filter(status -> step.equals(status.pipeline())).map(JobStatus::id)
                .findFirst().orElse(null);
    }

    /** Every job, this run's and earlier ones', newest first. */
    public List<JobStatus> allStatuses() {
        List<JobStatus> all = new ArrayList<>(historic.values());
        jobs.values().forEach(job -> all.add(Views.job(job, exclusions(job))));
        all.sort(java.util.Comparator.comparingLong(JobStatus::submittedAt).reversed());
        return all;
    }

    /** Saves the job's current status in the history (in order, off the context); failures only log. */
    private void remember(JobExecution job) {
        if (history == null) {
            return;
        }
        history.recordLater(Views.job(job, Map.of())).whenComplete((done, e) -> {
            if (e != null) {
                log.warn("{}: could not record history: {}", job.id(), e.toString());
            }
        });
    }

    /** The ended jobs known by their status only (see {@link #historic}), as they ended. */
    Collection<JobStatus> historicStatuses() {
        return historic.values();
    }

    Map<String, JobExecution> jobMap() {
        return jobs;
    }

    Map<String, WorkerRecord> workerMap() {
        return workers;
    }

    public Collection<WorkerRecord> workers() {
        return workers.values();
    }

    /** Refreshes the gauges of {@link CoordinatorMetrics} from the current state. */
    public void sampleMetrics() {
        metrics.sample(jobs.values(), historic.values(), workers.values(), now());
    }

    /** The worker incarnation {@code id}, alive or dead, or null if it never registered with this coordinator. */
    public WorkerRecord worker(String id) {
        return workers.get(id);
    }

    // ---------------------------------------------------------------- jobs

    /** Validates and accepts a job (blocking checks off the context), then plans it in the background. */
    public Future<String> submit(JobSpec spec) {
        return submit(spec, null);
    }

    /**
     * As {@link #submit(JobSpec)}, for a job that runs a pipeline's step: the job keeps the link (in its journal
     * too), so its status names the pipeline and a later coordinator term finds the step's job by it.
     */
    public Future<String> submit(JobSpec spec, JobStatus.PipelineLink pipeline) {
        if (superseded) {
            return Future.failedFuture(new IllegalStateException("this coordinator has stepped down"));
        }
        return vertx.executeBlocking(() -> planner.accept(spec), false).compose(accepted -> {
            JobExecution job = new JobExecution(ids.next(), spec, accepted.name(), accepted.jarHash(),
                    accepted.sideFiles(), newSecret(), now(), pipeline);
            jobs.put(job.id(), job);
            // the 201 waits for the journal: an accepted job survives a coordinator crash
            return decisions.append(job.id(), JournalEntries.accepted(job.id(), spec, accepted, job.secret(),
                    job.submittedMillis(), pipeline)).map(recorded -> {
                remember(job);
                log.info("accepted {} ({})", job.id(), job.name());
                plan(job, accepted);
                return job.id();
            }).recover(e -> {
                endJob(job, JobState.FAILED, "the coordinator could not record the job: " + Failures.describe(e), null, null);
                return Future.failedFuture(e);
            });
        });
    }

    /** Resumes the jobs an earlier coordinator term left running (see {@link JobResumption}). */
    public void resume(List<RecoveredJob> recovered) {
        recovered.forEach(resumption::resume);
        ids.skipPast(jobs.size() + historic.size());
    }

    /** Which cluster members are workers (see {@link JobResumption#workerMembers}); may block. */
    public void workerMembers(java.util.function.Supplier<java.util.Set<String>> members) {
        resumption.workerMembers(members);
    }

    /** Installs a job rebuilt from the journal (it keeps its id). */
    void adopt(JobExecution job) {
        jobs.put(job.id(), job);
    }

    DecisionLog decisions() {
        return decisions;
    }

    /**
     * A newer coordinator term has started: this coordinator takes no more decisions (it is about to stop). Its
     * journal refuses writes already; this also stops scheduling and accepting jobs.
     */
    public void superseded() {
        superseded = true;
    }

    public boolean isSuperseded() {
        return superseded;
    }

    /**
     * Plans a job: its own code runs through the plan queue (in a planning process), then the input is cut into
     * splits and the tasks are made off the context; only installing them happens here.
     */
    void plan(JobExecution job, JobPlanner.Accepted accepted) {
        int slots = workers.values().stream().filter(WorkerRecord::alive).mapToInt(WorkerRecord::slots).sum();
        PlanRequest request = JobPlanner.request(accepted, job.spec(), slots);
        plans.submit(job.id(), request, job.spec().planTimeout(), (result, failure) -> {
            if (job.state() != JobState.PLANNING || job.isEnding()) {
                return;
            }
            if (failure != null) {
                endJob(job, JobState.FAILED, "planning failed: " + failure.getMessage(), null, failure.jobStackTrace());
                return;
            }
            vertx.executeBlocking(() -> {
                JobPlanner.Plan plan = planner.split(request, result, job.spec().splitSize(), accepted.sizes());
                // the journal entry too is made here: a million splits take a while to write out
                return new PlannedTasks(plan.params(), job.newTasks(plan.splits(), plan.reducers()),
                        JournalEntries.planned(plan.params(), plan.splits(), plan.reducers()));
            }, false).onComplete(made -> {
                if (job.state() != JobState.PLANNING || job.isEnding()) {
                    return; // killed while splitting
                }
                if (made.failed()) {
                    endJob(job, JobState.FAILED, "planning failed: " + Failures.describe(made.cause()), null,
                            Failures.stackTrace(made.cause()));
                    return;
                }
                job.planned(made.result().params(), made.result().tasks());
                decisions.append(job.id(), made.result().journalEntry());
                job.moveTo(JobState.RUNNING, now());
                log.info("{}: {} map tasks, {} reduce tasks", job.id(), job.maps().size(), job.reduces().size());
                if (job.allTasks().isEmpty()) {
                    commitJob(job);
                }
                schedule();
            });
        });
    }

    /** Kills a job that has not ended. Fails with {@link IllegalStateException} if it has. */
    public Future<Void> kill(String jobId) {
        JobExecution job = jobs.get(jobId);
        if (job == null) {
            return Future.failedFuture(new java.util.NoSuchElementException("no job " + jobId));
        }
        if (job.state().isTerminal() || job.isEnding()) {
            return Future.failedFuture(new IllegalStateException("job " + jobId + " already " + job.state()));
        }
        return endJob(job, JobState.KILLED, "killed by user", null, null);
    }

    /**
     * Ends a job that did not succeed: moves it to FAILING or KILLING, stops its planning and its attempts, removes
     * its output folder, and only then moves it to {@code state}, so that a FAILED or KILLED job is never seen with
     * files still in place. A job already ending or ended is left as it is.
     */
    Future<Void> endJob(JobExecution job, JobState state, String error, String taskId, String trace) {
        if (job.isEnding() || job.state().isTerminal()) {
            return Future.succeededFuture();
        }
        job.moveTo(state == JobState.FAILED ? JobState.FAILING : JobState.KILLING, now());
        plans.cancel(job.id()); // a job still planning: stop its planning process
        job.failed(error, taskId, trace);
        decisions.append(job.id(), JournalEntries.ending(state, error, taskId, trace));
        for (TaskRecord task : job.allTasks()) {
            for (AttemptRecord active : task.activeAttempts()) {
                protocol.stop(active, "job " + state.name().toLowerCase());
            }
        }
        log.info("{} ending as {}: {}", job.id(), state, error);
        return vertx.executeBlocking(() -> {
            job.jobOutput().abort();
            return null;
        }, false).<Void>mapEmpty().onComplete(done -> {
            if (done.failed()) {
                log.warn("{}: could not remove output {}: {}", job.id(), job.output(), done.cause().toString());
            }
            finishTasks(job, taskId);
            job.moveTo(state, now());
            jobEnded(job);
        });
    }

    private void finishTasks(JobExecution job, String failedTaskId) {
        for (TaskRecord task : job.allTasks()) {
            if (task.state() == TaskState.PENDING || task.state() == TaskState.RUNNING) {
                task.moveTo(task.taskId().equals(failedTaskId) ? TaskState.FAILED : TaskState.KILLED);
            }
        }
    }

    void commitJob(JobExecution job) {
        job.moveTo(JobState.COMMITTING, now());
        List<String> committingTasks = (job.isMapOnly() ? job.maps() : job.reduces()).stream()
                .map(TaskRecord::taskId).toList();
        // the journal refuses the entry once a newer term exists: the files move only if this term still may
        decisions.append(job.id(), JournalEntries.committing()).compose(recorded -> vertx.executeBlocking(() -> {
            job.jobOutput().commit(committingTasks,
                    Compression.ofOutputName(job.spec().outputCompression()).extension());
            return null;
        }, false)).onComplete(done -> {
            if (job.state() != JobState.COMMITTING || superseded) {
                return; // killed while committing (endJob removes the output), or no longer this term's job
            }
            if (done.failed() && done.cause() instanceof JobJournal.SupersededException) {
                return;
            }
            if (done.failed()) {
                endJob(job, JobState.FAILED, "job commit failed: " + Failures.describe(done.cause()), null,
                        Failures.stackTrace(done.cause()));
                return;
            }
            job.moveTo(JobState.SUCCEEDED, now());
            log.info("{} succeeded", job.id());
            jobEnded(job);
        });
    }

    /** Calls {@code listener} (on the context) whenever a job reaches SUCCEEDED, FAILED or KILLED: how pipelines follow their steps. */
    public void onJobEnded(java.util.function.Consumer<JobExecution> listener) {
        endListeners.add(listener);
    }

    private void jobEnded(JobExecution job) {
        remember(job);
        mapOutputs.jobEnded(job);
        endListeners.forEach(listener -> listener.accept(job));
        decisions.append(job.id(), JournalEntries.ended(job.state()));
        for (WorkerRecord worker : workers.values()) {
            if (worker.alive()) {
                messenger.send(worker.id(), WorkerAction.JOB_ENDED, new JobEnded(job.id()));
            }
        }
        finished.ended(job).forEach(this::forgetTasks);
        schedule();
    }

    /** An ended job gives up its tasks (see {@link FinishedJobs}) and keeps its status, as an earlier run's job. */
    private void forgetTasks(JobExecution job) {
        jobs.remove(job.id());
        historic.put(job.id(), Views.job(job, Map.of()));
        log.info("{}: its {} tasks are no longer kept in memory (newer ended jobs hold the tasks kept); its status"
                + " stays", job.id(), job.maps().size() + job.reduces().size());
    }

    // ---------------------------------------------------------------- scheduling

    /** Fills free slots (see {@link SlotFiller}). */
    public void schedule() {
        if (superseded) {
            return;
        }
        slots.fill();
    }

    /** A job none of whose live workers may run its tasks any more fails, saying why. */
    void failIfNoWorkerLeft(JobExecution job, TaskRecord lastFailed, String lastError, String lastTrace) {
        slots.failIfNoWorkerLeft(job, lastFailed, lastError, lastTrace);
    }

    // ---------------------------------------------------------------- attempt protocol

    public AttemptRecord currentAttempt(AttemptRef ref, String workerId) throws ReplyException {
        return protocol.currentAttempt(ref, workerId);
    }

    public UpdatesAnswered onAttemptUpdates(AttemptUpdates updates) {
        return protocol.onAttemptUpdates(updates);
    }

    public Future<CommitDecisions> onCommitRequests(CommitRequests requests) {
        return protocol.onCommitRequests(requests);
    }

    /** A running reducer asks what changed in its job's map outputs (see {@link MapOutputFeed}). */
    public Future<io.vertx.core.buffer.Buffer> onMapOutputsWanted(io.gristmill.cluster.Messages.MapOutputsWanted wanted) {
        AttemptRecord reducer = currentAttempt(wanted.reducer(), wanted.workerId());
        if (reducer.task().isMap()) {
            throw new ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
                    io.gristmill.cluster.FailureCode.BAD_REQUEST, wanted.reducer().attemptId() + " is not a reducer");
        }
        return mapOutputs.read(reducer.task().job(), wanted.from(), Math.min(wanted.waitMillis(), 30_000));
    }

    JobResumption resumption() {
        return resumption;
    }

    AttemptProtocol protocol() {
        return protocol;
    }

    WorkerLosses losses() {
        return losses;
    }

    String jarBaseUrl() {
        return jarBaseUrl;
    }

    Vertx vertx() {
        return vertx;
    }

    WorkerMessenger messenger() {
        return messenger;
    }

    /** Where map outputs that became ready or obsolete are announced to running reducers (in batches). */
    MapOutputFeed mapOutputs() {
        return mapOutputs;
    }

    // ---------------------------------------------------------------- workers

    public void onRegister(RegisterWorker register) {
        WorkerRecord worker = new WorkerRecord(register.workerId(), register.nodeId(), register.slots(), register.shuffleHost(),
                register.shufflePort(), now());
        worker.leftoverSlots(register.leftoverSlots());
        workers.put(worker.id(), worker);
        freeSlots.add(worker);
        resumption.adoptHeldOutputs(worker, register.heldMapOutputs());
        // no schedule() yet: the worker gets work once its first heartbeat confirms the registration
        log.info("worker {} registered with {} slots", worker.id(), worker.slots());
    }

    public void onHeartbeat(Heartbeat heartbeat) {
        if (!epoch.equals(heartbeat.epoch())) {
            throw AttemptProtocol.staleEpoch(heartbeat.epoch(), epoch);
        }
        WorkerRecord worker = workers.get(heartbeat.workerId());
        if (worker == null || !worker.alive()) {
            throw AttemptProtocol.stale(FailureCode.STALE_WORKER, "worker " + heartbeat.workerId() + " is not a live incarnation");
        }
        worker.heartbeat(now());
        worker.leftoverSlots(heartbeat.leftoverSlots());
        worker.stuckAttempts(heartbeat.stuckAttempts());
        protocol.heartbeatListed(worker, heartbeat.runningAttempts() == null ? List.of() : heartbeat.runningAttempts());
        if (worker.confirmRegistration()) {
            log.info("worker {} confirmed its registration", worker.id());
            schedule();
        }
    }

    /** A cluster member left (crashed or stopped): its worker incarnations are dead. */
    public void memberLeft(String nodeId) {
        losses.memberLeft(nodeId);
    }

    /** Declares workers dead whose heartbeats stopped for longer than the timeout; kills attempts past their task timeout. */
    public void checkHeartbeats() {
        losses.checkHeartbeats();
        protocol.checkTaskTimeouts(workers.values());
    }

    /** Why {@code workerId} gets no task of any job now, or null. */
    public String exclusion(String workerId) {
        return exclusions.globalReason(workerId, now()).orElse(null);
    }

    /**
     * Why workers may not run tasks of {@code job}, by worker id: those excluded from the job itself, and while it
     * runs, live workers excluded from every job.
     */
    public Map<String, String> exclusions(JobExecution job) {
        Map<String, String> excluded = new LinkedHashMap<>();
        long now = now();
        // only workers with a failure on record can be excluded: not a pass over every worker for every job
        for (String workerId : exclusions.candidates(job.id())) {
            WorkerRecord worker = workers.get(workerId);
            if (worker == null) {
                continue;
            }
            java.util.Optional<String> reason = worker.alive() && !job.state().isTerminal()
                    ? exclusions.reason(job.id(), worker.id(), now) : exclusions.jobReason(job.id(), worker.id());
            reason.ifPresent(why -> excluded.put(worker.id(), why));
        }
        return excluded;
    }

    /** A reducer could not fetch a map output (see {@link WorkerLosses#onFetchFailure}). */
    public void onFetchFailure(FetchFailure report) {
        losses.onFetchFailure(report);
    }

    // ---------------------------------------------------------------- helpers

    private record PlannedTasks(Map<String, String> params, JobExecution.Tasks tasks,
                                io.vertx.core.json.JsonObject journalEntry) {
    }

    long now() {
        return clock.getAsLong();
    }

    private String newSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
