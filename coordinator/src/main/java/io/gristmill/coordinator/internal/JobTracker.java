package io.gristmill.coordinator.internal;

import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Failures;
import io.gristmill.cluster.Secrets;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.CommitDecision;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequest;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.FetchFailure;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.JobEnded;
import io.gristmill.cluster.Messages.KillAttempt;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputsChanged;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.internal.planning.PlanQueue;
import io.gristmill.coordinator.internal.planning.PlanRequest;
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
 * The coordinator's state and every transition of jobs, tasks, attempts and workers. Confined to the coordinator
 * verticle's context: every method here runs on it, and blocking work (planning, file commits) is handed to
 * {@code executeBlocking} and comes back to the context before touching state.
 */
public final class JobTracker {
    private static final Logger log = LoggerFactory.getLogger(JobTracker.class);
    /** How long a worker that refused work gets none. */
    static final long REFUSAL_BACKOFF_MILLIS = 1_000;

    private final Vertx vertx;
    private final String epoch;
    private final String logSecret;
    private final LongSupplier clock;
    private final WorkerMessenger messenger;
    private final JobIds ids;
    private final Map<String, JobExecution> jobs = new LinkedHashMap<>();
    private final Map<String, WorkerRecord> workers = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final JobHistory history;
    private final Map<String, JobStatus> historic = new LinkedHashMap<>();
    private String jarBaseUrl;
    private final WorkerLosses losses;
    private final CoordinatorMetrics metrics;
    private final JobPlanner planner;
    private final PlanQueue plans;
    private long lastBundle;

    public JobTracker(Vertx vertx, String epoch, LongSupplier clock, Duration heartbeatTimeout, JobHistory history,
                      CoordinatorMetrics metrics, JobPlanner planner, PlanQueue plans) {
        this.planner = planner;
        this.plans = plans;
        this.history = history;
        this.metrics = metrics;
        this.vertx = vertx;
        this.epoch = epoch;
        this.logSecret = newSecret();
        this.clock = clock;
        this.messenger = new WorkerMessenger(vertx, Math.max(5_000, heartbeatTimeout.toMillis()));
        this.ids = new JobIds(clock);
        this.losses = new WorkerLosses(this, vertx, messenger, metrics, heartbeatTimeout);
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
        boolean known = false;
        for (JobExecution job : jobs.values()) {
            if (job.jarHash().equals(hash) && !job.state().isTerminal()) {
                known = true;
                if (Secrets.matches(job.secret(), secret)) {
                    return job.spec().jar();
                }
            }
        }
        if (known) {
            throw new SecurityException("wrong job secret for jar " + hash);
        }
        throw new java.util.NoSuchElementException("no running job uses jar " + hash);
    }

    /** Jobs of earlier coordinator runs, as recovered from the state dir. */
    public void restoreHistory(List<JobStatus> jobs) {
        jobs.forEach(status -> historic.put(status.id(), status));
        ids.skipPast(historic.size());
    }

    /** A job of an earlier coordinator run; fails with {@link java.util.NoSuchElementException} if unknown. */
    public JobStatus historic(String id) {
        JobStatus status = historic.get(id);
        if (status == null) {
            throw new java.util.NoSuchElementException("no job " + id);
        }
        return status;
    }

    /** Every job, this run's and earlier ones', newest first. */
    public List<JobStatus> allStatuses() {
        List<JobStatus> all = new ArrayList<>(historic.values());
        jobs.values().forEach(job -> all.add(Views.job(job)));
        all.sort(java.util.Comparator.comparingLong(JobStatus::submittedAt).reversed());
        return all;
    }

    /** Saves the job's current status in the history (in order, off the context); failures only log. */
    private void remember(JobExecution job) {
        if (history == null) {
            return;
        }
        history.recordLater(Views.job(job)).whenComplete((done, e) -> {
            if (e != null) {
                log.warn("{}: could not record history: {}", job.id(), e.toString());
            }
        });
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
        return vertx.executeBlocking(() -> planner.accept(spec), false).map(accepted -> {
            JobExecution job = new JobExecution(ids.next(), spec, accepted.name(), accepted.jarHash(), newSecret(), now());
            jobs.put(job.id(), job);
            remember(job);
            log.info("accepted {} ({})", job.id(), job.name());
            plan(job, accepted);
            return job.id();
        });
    }

    /**
     * Plans a job: its own code runs through the plan queue (in a planning process), then the input is cut into
     * splits and the tasks are made off the context; only installing them happens here.
     */
    private void plan(JobExecution job, JobPlanner.Accepted accepted) {
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
                JobPlanner.Plan plan = planner.split(request, result, job.spec().splitSize());
                return Map.entry(plan.params(), job.newTasks(plan.splits(), plan.reducers()));
            }, false).onComplete(made -> {
                if (job.state() != JobState.PLANNING || job.isEnding()) {
                    return; // killed while splitting
                }
                if (made.failed()) {
                    endJob(job, JobState.FAILED, "planning failed: " + Failures.describe(made.cause()), null,
                            Failures.stackTrace(made.cause()));
                    return;
                }
                job.planned(made.result().getKey(), made.result().getValue());
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
     * Ends a job that did not succeed: stops its attempts, removes its output folder, and only then moves it to
     * {@code state}, so that a FAILED or KILLED job is never seen with files still in place.
     */
    Future<Void> endJob(JobExecution job, JobState state, String error, String taskId, String trace) {
        job.ending(true);
        plans.cancel(job.id()); // a job still planning: stop its planning process
        job.failed(error, taskId, trace);
        for (TaskRecord task : job.allTasks()) {
            AttemptRecord active = task.activeAttempt();
            if (active != null) {
                stopAttempt(active, "job " + state.name().toLowerCase());
            }
        }
        log.info("{} ending as {}: {}", job.id(), state, error);
        return vertx.executeBlocking(() -> {
            JobCommitter.abortJob(job.output());
            return null;
        }, false).<Void>mapEmpty().onComplete(done -> {
            if (done.failed()) {
                log.warn("{}: could not remove output {}: {}", job.id(), job.output(), done.cause().toString());
            }
            finishTasks(job, state == JobState.FAILED ? TaskState.FAILED : TaskState.KILLED, taskId);
            job.moveTo(state, now());
            remember(job);
            announceJobEnded(job);
            schedule();
        });
    }

    private void finishTasks(JobExecution job, TaskState terminal, String failedTaskId) {
        for (TaskRecord task : job.allTasks()) {
            if (task.state() == TaskState.PENDING || task.state() == TaskState.RUNNING) {
                task.moveTo(task.taskId().equals(failedTaskId) ? TaskState.FAILED : TaskState.KILLED);
            }
        }
    }

    void commitJob(JobExecution job) {
        job.moveTo(JobState.COMMITTING, now());
        vertx.executeBlocking(() -> {
            JobCommitter.commitJob(job.output());
            return null;
        }, false).onComplete(done -> {
            if (done.failed()) {
                job.ending(false);
                endJob(job, JobState.FAILED, "job commit failed: " + Failures.describe(done.cause()), null, Failures.stackTrace(done.cause()));
                return;
            }
            job.moveTo(JobState.SUCCEEDED, now());
            remember(job);
            log.info("{} succeeded", job.id());
            announceJobEnded(job);
            schedule();
        });
    }

    private void announceJobEnded(JobExecution job) {
        for (WorkerRecord worker : workers.values()) {
            if (worker.alive()) {
                messenger.send(worker.id(), WorkerAction.JOB_ENDED, new JobEnded(job.id()));
            }
        }
    }

    // ---------------------------------------------------------------- scheduling

    /**
     * Gives free slots pending tasks, one slot per worker per round so work spreads across workers. A slot gets one
     * task or a bundle of short maps ({@link Bundles}).
     */
    public void schedule() {
        List<WorkerRecord> alive = workers.values().stream().filter(WorkerRecord::alive).toList();
        int aliveSlots = alive.stream().mapToInt(WorkerRecord::slots).sum();
        boolean assigned = true;
        while (assigned) {
            assigned = false;
            for (WorkerRecord worker : alive) {
                if (worker.freeSlots() == 0) {
                    continue;
                }
                List<TaskRecord> tasks = Scheduler.pick(jobs.values(), worker, alive.size(), aliveSlots);
                if (!tasks.isEmpty() && !tasks.get(0).job().isEnding()) {
                    launch(tasks, worker);
                    assigned = true;
                }
            }
            if (!assigned) {
                assigned = preemptWaitingReducer(alive);
            }
        }
    }

    /**
     * A waiting map always gets a slot before a reducer that only waits for map output: when every slot is busy
     * and a map is pending, one such reducer is killed (not counted against the task) to free its slot.
     */
    private boolean preemptWaitingReducer(List<WorkerRecord> alive) {
        boolean mapWaiting = jobs.values().stream().anyMatch(j -> j.state() == JobState.RUNNING && !j.isEnding()
                && j.hasPendingMaps());
        if (!mapWaiting || alive.stream().anyMatch(w -> w.freeSlots() > 0)) {
            return false;
        }
        for (WorkerRecord worker : alive) {
            for (AttemptRecord attempt : worker.running()) {
                TaskRecord task = attempt.task();
                if (!task.isMap() && !task.job().allMapsSucceeded() && attempt.state() != AttemptState.COMMITTING) {
                    log.info("{}: preempting reducer {} so that a map can run", task.job().id(), attempt.attemptId());
                    stopAttempt(attempt, "preempted: a map needs the slot");
                    task.moveTo(TaskState.PENDING);
                    return true;
                }
            }
        }
        return false;
    }

    /** Sends {@code tasks} (one task, or a bundle of maps of one job) to one slot of {@code worker}. */
    private void launch(List<TaskRecord> tasks, WorkerRecord worker) {
        long bundle = ++lastBundle;
        List<AttemptRecord> attempts = new ArrayList<>(tasks.size());
        List<RunAttempt> runs = new ArrayList<>(tasks.size());
        for (TaskRecord task : tasks) {
            AttemptRecord attempt = task.newAttempt(worker.id(), now(), bundle, tasks.size());
            task.job().register(attempt);
            worker.started(attempt);
            metrics.attemptStarted();
            attempts.add(attempt);
            runs.add(runMessage(task, attempt));
        }
        metrics.runMessageSent();
        messenger.request(worker.id(), WorkerAction.RUN, new RunAttempts(runs))
                .onSuccess(accepted -> {
                    for (AttemptRecord attempt : attempts) {
                        if (attempt.state() == AttemptState.STARTING) {
                            attempt.moveTo(AttemptState.RUNNING, now()); // the worker has it: it runs from now on
                        }
                    }
                })
                .onFailure(e -> runFailed(attempts, worker, e));
    }

    private RunAttempt runMessage(TaskRecord task, AttemptRecord attempt) {
        JobExecution job = task.job();
        return new RunAttempt(attempt.ref(epoch), task.type(), task.index(), attempt.number(), job.name(),
                job.spec().jar().toAbsolutePath().toString(), job.jarHash(),
                jarBaseUrl == null ? null : jarBaseUrl + "/internal/jars/" + job.jarHash(), job.spec().jobClass(), job.params(),
                task.split(), job.maps().size(), job.numReducers(),
                job.spec().sortBuffer() == null ? 0 : job.spec().sortBuffer(), job.output().toString(), job.secret(),
                task.isMap() ? List.of() : currentMapOutputs(job));
    }

    private void runFailed(List<AttemptRecord> attempts, WorkerRecord worker, Throwable e) {
        if (attempts.stream().noneMatch(a -> a.state().isActive())) {
            return;
        }
        if (isWorkerUnreachable(e)) {
            losses.workerLost(worker, "unreachable: " + e.getMessage());
            return;
        }
        if (isRefusal(e)) {
            refused(attempts, worker, e.getMessage());
            return;
        }
        for (AttemptRecord attempt : attempts) {
            if (attempt.state().isActive()) {
                attemptFailed(attempt, "worker refused the attempt: " + e.getMessage(), null);
            }
        }
        schedule();
    }

    /**
     * A worker that could not take work yet (its slot's thread has not ended, or it has not finished registering)
     * is nobody's fault: the attempts are KILLED (not counted against their tasks), the tasks wait for a slot, and
     * the worker gets no work for {@link #REFUSAL_BACKOFF_MILLIS}.
     */
    private void refused(List<AttemptRecord> attempts, WorkerRecord worker, String reason) {
        for (AttemptRecord attempt : attempts) {
            if (attempt.state().isActive()) {
                attempt.kill("worker " + worker.id() + " refused the attempt: " + reason, now());
                metrics.attemptKilled();
                worker.ended(attempt);
                attempt.task().moveTo(TaskState.PENDING);
            }
        }
        log.info("worker {} refused work ({}); it gets none for {} ms", worker.id(), reason, REFUSAL_BACKOFF_MILLIS);
        worker.refusing();
        vertx.setTimer(REFUSAL_BACKOFF_MILLIS, id -> {
            worker.acceptingAgain();
            schedule();
        });
        schedule();
    }

    private static boolean isRefusal(Throwable e) {
        return e instanceof ReplyException r && (r.failureCode() == FailureCode.NO_FREE_SLOT
                || r.failureCode() == FailureCode.STALE_EPOCH);
    }

    private static boolean isWorkerUnreachable(Throwable e) {
        return e instanceof ReplyException r && r.failureType() != io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE;
    }

    private List<MapOutputLocation> currentMapOutputs(JobExecution job) {
        List<MapOutputLocation> outputs = new ArrayList<>();
        for (TaskRecord map : job.maps()) {
            if (map.successful() != null && map.successful().mapOutput() != null) {
                outputs.add(map.successful().mapOutput());
            }
        }
        return outputs;
    }

    private void stopAttempt(AttemptRecord attempt, String reason) {
        attempt.kill(reason, now());
        metrics.attemptKilled();
        WorkerRecord worker = workers.get(attempt.workerId());
        if (worker != null) {
            worker.ended(attempt);
            if (worker.alive()) {
                messenger.send(worker.id(), WorkerAction.KILL, new KillAttempt(attempt.ref(epoch), reason));
            }
        }
    }

    // ---------------------------------------------------------------- attempt protocol

    /** Checks that a message comes from a live worker about a current attempt; returns it, or fails with a code. */
    public AttemptRecord currentAttempt(AttemptRef ref, String workerId) throws ReplyException {
        if (!epoch.equals(ref.epoch())) {
            throw new ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE, FailureCode.STALE_EPOCH, "stale epoch " + ref.epoch());
        }
        WorkerRecord worker = workers.get(workerId);
        if (worker == null || !worker.alive()) {
            throw stale(FailureCode.STALE_WORKER, "worker " + workerId + " is not a live incarnation");
        }
        JobExecution job = jobs.get(ref.jobId());
        AttemptRecord attempt = job == null ? null : job.attempt(ref.attemptId());
        if (attempt == null || !attempt.state().isActive() || job.isEnding() || !attempt.workerId().equals(workerId)) {
            throw stale(FailureCode.STALE_ATTEMPT, "attempt " + ref.attemptId() + " of " + ref.jobId() + " is not current");
        }
        return attempt;
    }

    private static ReplyException stale(int code, String message) {
        return new ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE, code, message);
    }

    /**
     * Applies the updates of one worker, then schedules once. Updates about attempts that are no longer current are
     * answered as stale; a dead worker or an old epoch fails the whole message.
     */
    public UpdatesAnswered onAttemptUpdates(AttemptUpdates updates) {
        List<AttemptRef> stale = new ArrayList<>();
        for (AttemptUpdate update : updates.updates()) {
            try {
                onAttemptUpdate(update);
            } catch (ReplyException e) {
                if (e.failureCode() != FailureCode.STALE_ATTEMPT) {
                    throw e;
                }
                stale.add(update.ref());
            }
        }
        schedule();
        return new UpdatesAnswered(stale);
    }

    private void onAttemptUpdate(AttemptUpdate update) {
        AttemptRecord attempt = currentAttempt(update.ref(), update.workerId());
        switch (update.state()) {
            case RUNNING -> {
                if (attempt.state() == AttemptState.STARTING) {
                    attempt.moveTo(AttemptState.RUNNING, now());
                }
                attempt.progress(update.progress());
            }
            case SUCCEEDED -> attemptSucceeded(attempt, update);
            case FAILED -> attemptFailed(attempt, update.error(), update.stackTrace());
        }
    }

    private void attemptSucceeded(AttemptRecord attempt, AttemptUpdate update) {
        TaskRecord task = attempt.task();
        boolean needsCommit = !task.isMap() || task.job().isMapOnly();
        if (needsCommit && task.granted() != attempt) {
            throw stale(FailureCode.STALE_ATTEMPT, "attempt " + attempt.attemptId() + " reported success without a commit grant");
        }
        attempt.counters(update.counters());
        attempt.mapOutput(update.mapOutput());
        attempt.moveTo(AttemptState.SUCCEEDED, now());
        metrics.attemptSucceeded();
        workers.get(attempt.workerId()).ended(attempt);
        task.succeeded(attempt);
        JobExecution job = task.job();
        if (task.isMap()) {
            job.mapTook(attempt.endMillis() - attempt.startMillis(), attempt.bundleSize());
        }
        if (task.isMap() && !job.isMapOnly()) {
            announceMapOutput(job, update.mapOutput());
        }
        if (job.allTasksSucceeded()) {
            commitJob(job);
        }
    }

    private void announceMapOutput(JobExecution job, MapOutputLocation location) {
        for (TaskRecord reduce : job.reduces()) {
            AttemptRecord active = reduce.activeAttempt();
            if (active != null) {
                messenger.send(active.workerId(), WorkerAction.MAP_OUTPUTS,
                        new MapOutputsChanged(active.ref(epoch), List.of(location), List.of()));
            }
        }
    }

    private void attemptFailed(AttemptRecord attempt, String error, String trace) {
        TaskRecord task = attempt.task();
        JobExecution job = task.job();
        attempt.fail(error, trace, now());
        metrics.attemptFailed();
        workers.get(attempt.workerId()).ended(attempt);
        task.recordFailure(attempt.workerId());
        log.info("{}: attempt {} failed: {}", job.id(), attempt.attemptId(), error);
        if (task.failures() >= job.spec().maxAttempts()) {
            task.moveTo(TaskState.PENDING);
            endJob(job, JobState.FAILED, "task " + task.taskId() + " failed " + task.failures() + " time(s), last error: "
                    + error, task.taskId(), trace);
        } else {
            task.moveTo(TaskState.PENDING);
        }
    }

    /**
     * Answers the commit requests of one worker's bundle, in order. A request from an attempt that is no longer
     * current is denied; a dead worker or an old epoch fails the whole message.
     */
    public CommitDecisions onCommitRequests(CommitRequests requests) {
        List<CommitDecision> decisions = new ArrayList<>(requests.requests().size());
        for (CommitRequest request : requests.requests()) {
            try {
                decisions.add(onCommitRequest(request));
            } catch (ReplyException e) {
                if (e.failureCode() != FailureCode.STALE_ATTEMPT) {
                    throw e;
                }
                decisions.add(new CommitDecision(false, e.getMessage()));
            }
        }
        return new CommitDecisions(decisions);
    }

    /** Grants the commit of a task to exactly one attempt. */
    private CommitDecision onCommitRequest(CommitRequest request) {
        AttemptRecord attempt = currentAttempt(request.ref(), request.workerId());
        TaskRecord task = attempt.task();
        if (task.job().state() != JobState.RUNNING) {
            return new CommitDecision(false, "job is " + task.job().state());
        }
        if (task.granted() != null) {
            return new CommitDecision(false, "task " + task.taskId() + " already granted to " + task.granted().attemptId());
        }
        task.grant(attempt);
        attempt.counters(request.counters()); // they stand if the worker dies after its commit rename
        attempt.moveTo(AttemptState.COMMITTING, now());
        return new CommitDecision(true, null);
    }

    // ---------------------------------------------------------------- workers

    public void onRegister(RegisterWorker register) {
        WorkerRecord worker = new WorkerRecord(register.workerId(), register.nodeId(), register.slots(), register.shuffleHost(),
                register.shufflePort(), now());
        workers.put(worker.id(), worker);
        log.info("worker {} registered with {} slots", worker.id(), worker.slots());
        schedule();
    }

    public void onHeartbeat(Heartbeat heartbeat) {
        if (!epoch.equals(heartbeat.epoch())) {
            throw stale(FailureCode.STALE_EPOCH, "stale epoch " + heartbeat.epoch());
        }
        WorkerRecord worker = workers.get(heartbeat.workerId());
        if (worker == null || !worker.alive()) {
            throw stale(FailureCode.STALE_WORKER, "worker " + heartbeat.workerId() + " is not a live incarnation");
        }
        worker.heartbeat(now());
    }

    /** A cluster member left (crashed or stopped): its worker incarnations are dead. */
    public void memberLeft(String nodeId) {
        losses.memberLeft(nodeId);
    }

    /** Declares workers dead whose heartbeats stopped for longer than the timeout. */
    public void checkHeartbeats() {
        losses.checkHeartbeats();
    }

    /** A reducer could not fetch a map output (see {@link WorkerLosses#onFetchFailure}). */
    public void onFetchFailure(FetchFailure report) {
        losses.onFetchFailure(report);
    }

    // ---------------------------------------------------------------- helpers

    long now() {
        return clock.getAsLong();
    }

    private String newSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
