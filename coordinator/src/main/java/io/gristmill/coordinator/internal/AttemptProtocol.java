package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.internal.recovery.JournalEntries;
import io.vertx.core.Future;
import io.gristmill.cluster.Epochs;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.BadRecord;
import io.gristmill.cluster.Messages.CommitDecision;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequest;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.KillAttempt;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.SideFile;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.internal.rules.Exclusions;
import io.gristmill.coordinator.internal.rules.RetryBackoff;
import io.gristmill.coordinator.internal.rules.TaskTimeout;
import io.gristmill.coordinator.internal.time.Timer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The coordinator's side of the attempt lifecycle: sending attempts to workers, asking them to stop, and what their
 * reports mean. Answers carry result codes ({@link FailureCode}), never a stack trace. Part of the
 * {@link JobTracker}'s state and, like it, confined to the coordinator context.
 *
 * <p>The worker owns the truth about its slots: an attempt holds its slot (in the {@link WorkerRecord}'s book) from
 * its launch until its worker says the attempt's thread ended — a report of its end (SUCCEEDED, FAILED or
 * STOPPED), a heartbeat that no longer lists it, or a refusal of its RUN — or until the worker is dead. Stopping an
 * attempt is a request: it is KILLING until then. A worker that refuses work is never charged for it.
 */
final class AttemptProtocol {
    private static final Logger log = LoggerFactory.getLogger(AttemptProtocol.class);
    /** How long a worker that refused work gets none. */
    static final long REFUSAL_BACKOFF_MILLIS = 1_000;

    private final JobTracker tracker;
    private final WorkerMessenger messenger;
    private final CoordinatorMetrics metrics;
    private final Timer timer;
    private final Exclusions exclusions;
    private long lastBundle;

    AttemptProtocol(JobTracker tracker, WorkerMessenger messenger, CoordinatorMetrics metrics, Timer timer,
                    Exclusions exclusions) {
        this.tracker = tracker;
        this.messenger = messenger;
        this.metrics = metrics;
        this.timer = timer;
        this.exclusions = exclusions;
    }

    // ---------------------------------------------------------------- launching and stopping

    /** Sends {@code tasks} (one task, or a bundle of maps of one job) to one slot of {@code worker}. */
    void launch(List<TaskRecord> tasks, WorkerRecord worker, boolean backup) {
        long bundle = ++lastBundle;
        List<AttemptRecord> attempts = new ArrayList<>(tasks.size());
        List<RunAttempt> runs = new ArrayList<>(tasks.size());
        for (TaskRecord task : tasks) {
            AttemptRecord attempt = task.newAttempt(worker.id(), tracker.now(), bundle, tasks.size());
            if (backup) {
                attempt.markBackup();
            }
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
                        attempt.acknowledged(tracker.now());
                        if (attempt.state() == AttemptState.STARTING) {
                            attempt.moveTo(AttemptState.RUNNING, tracker.now()); // the worker has it: it runs now
                        }
                    }
                })
                .onFailure(e -> runFailed(attempts, worker, e));
    }

    private RunAttempt runMessage(TaskRecord task, AttemptRecord attempt) {
        JobExecution job = task.job();
        String jarUrl = tracker.jarBaseUrl() == null ? null : tracker.jarBaseUrl() + "/internal/jars/" + job.jarHash();
        return new RunAttempt(attempt.ref(tracker.epoch()), task.type(), task.index(), attempt.number(), job.name(),
                job.spec().jar().toAbsolutePath().toString(), job.jarHash(), jarUrl, job.spec().jobClass(),
                job.params(), task.split(), job.maps().size(), job.numReducers(),
                job.spec().sortBuffer() == null ? 0 : job.spec().sortBuffer(), job.output().toString(), job.secret(),
                task.skipped().stream().map(BadRecord::index).toList(), sideFiles(job),
                job.spec().outputCompression(), job.spec().shuffleCompression());
    }

    /** The job's side files as workers fetch them: by URL when the coordinator has one, else by path. */
    private List<SideFile> sideFiles(JobExecution job) {
        String base = tracker.jarBaseUrl();
        return job.sideFiles().stream().map(f -> new SideFile(f.name(), f.hash(), f.file().toAbsolutePath().toString(),
                base == null ? null : base + "/internal/files/" + f.hash())).toList();
    }

    /** The RUN message did not reach a worker that took it: the attempts never ran there, their slot is free. */
    private void runFailed(List<AttemptRecord> attempts, WorkerRecord worker, Throwable e) {
        boolean unreachable = isWorkerUnreachable(e);
        if (unreachable && worker.alive() && attempts.stream().anyMatch(a -> a.state().isActive())) {
            tracker.losses().workerLost(worker, "unreachable: " + e.getMessage());
            return;
        }
        for (AttemptRecord attempt : attempts) {
            threadEnded(attempt);
        }
        if (attempts.stream().noneMatch(a -> a.state().isActive())) {
            tracker.schedule();
            return;
        }
        if (isRefusal(e)) {
            refused(attempts, worker, e.getMessage());
            return;
        }
        for (AttemptRecord attempt : attempts) {
            if (attempt.state().isActive()) {
                attemptFailed(attempt, "worker " + worker.id() + " refused the attempt: " + e.getMessage(), null, null);
            }
        }
        tracker.schedule();
    }

    /**
     * A worker that could not take work yet (its slot's thread has not ended, or it has not finished registering)
     * is nobody's fault: the attempts are KILLED (not counted against their tasks), the tasks wait for a slot, and
     * the worker gets no work for {@link #REFUSAL_BACKOFF_MILLIS} instead of being asked again in a loop.
     */
    private void refused(List<AttemptRecord> attempts, WorkerRecord worker, String reason) {
        for (AttemptRecord attempt : attempts) {
            if (attempt.state().isActive()) {
                attempt.kill("worker " + worker.id() + " refused the attempt: " + reason, tracker.now());
                metrics.attemptKilled();
                taskLostAttempt(attempt.task());
            }
        }
        log.info("worker {} refused work ({}); it gets none for {} ms", worker.id(), reason, REFUSAL_BACKOFF_MILLIS);
        worker.refusing();
        timer.schedule(REFUSAL_BACKOFF_MILLIS, () -> {
            worker.acceptingAgain();
            tracker.schedule();
        });
        tracker.schedule();
    }

    private static boolean isRefusal(Throwable e) {
        return e instanceof ReplyException r && (r.failureCode() == FailureCode.NO_FREE_SLOT
                || r.failureCode() == FailureCode.STALE_EPOCH);
    }

    private static boolean isWorkerUnreachable(Throwable e) {
        return e instanceof ReplyException r && r.failureType() != ReplyFailure.RECIPIENT_FAILURE;
    }

    /**
     * Asks the attempt's worker to stop it. The attempt is KILLING (no longer a try at its task, not counted against
     * it) until the worker says its thread ended; a dead worker has no thread left.
     */
    void stop(AttemptRecord attempt, String reason) {
        attempt.killing(reason, tracker.now());
        metrics.attemptKilled();
        sendKill(attempt, reason);
    }

    private void sendKill(AttemptRecord attempt, String reason) {
        WorkerRecord worker = tracker.worker(attempt.workerId());
        if (worker == null || !worker.alive()) {
            threadEnded(attempt);
        } else {
            messenger.send(worker.id(), WorkerAction.KILL, new KillAttempt(attempt.ref(tracker.epoch()), reason));
        }
    }

    /** The attempt's thread ended on its worker (or its worker is gone): its slot is free. */
    void threadEnded(AttemptRecord attempt) {
        WorkerRecord worker = tracker.worker(attempt.workerId());
        if (worker != null) {
            worker.ended(attempt);
        }
        if (attempt.state() == AttemptState.KILLING) {
            attempt.moveTo(AttemptState.KILLED, tracker.now());
        }
    }

    /**
     * What a heartbeat says about the attempts the coordinator is waiting on: one that was told to stop (or failed
     * by a timeout) and is no longer listed has ended; one still listed after its worker's cancel timeout is stuck,
     * which the worker itself reports and acts on.
     */
    void heartbeatListed(WorkerRecord worker, List<String> runningAttempts) {
        Set<String> listed = new HashSet<>(runningAttempts);
        boolean freed = false;
        for (AttemptRecord attempt : List.copyOf(worker.running())) {
            if (!attempt.state().isActive() && attempt.isAcknowledged()
                    && !listed.contains(attempt.task().job().id() + "/" + attempt.attemptId())) {
                threadEnded(attempt);
                freed = true;
            }
        }
        if (freed) {
            tracker.schedule();
        }
    }

    // ---------------------------------------------------------------- reports from workers

    /** Checks that a message comes from a live worker about a current attempt; returns it, or fails with a code. */
    AttemptRecord currentAttempt(AttemptRef ref, String workerId) throws ReplyException {
        checkSender(ref, workerId);
        AttemptRecord attempt = find(ref);
        JobExecution job = attempt == null ? null : attempt.task().job();
        if (attempt == null || !attempt.state().isActive() || job.isEnding() || !attempt.workerId().equals(workerId)) {
            throw stale(FailureCode.STALE_ATTEMPT, "attempt " + ref.attemptId() + " of " + ref.jobId() + " is not current");
        }
        return attempt;
    }

    private void checkSender(AttemptRef ref, String workerId) {
        if (!tracker.epoch().equals(ref.epoch())) {
            throw staleEpoch(ref.epoch(), tracker.epoch());
        }
        WorkerRecord worker = tracker.worker(workerId);
        if (worker == null || !worker.alive()) {
            throw stale(FailureCode.STALE_WORKER, "worker " + workerId + " is not a live incarnation");
        }
    }

    private AttemptRecord find(AttemptRef ref) {
        JobExecution job = tracker.job(ref.jobId());
        return job == null ? null : job.attempt(ref.attemptId());
    }

    /** A message carrying another coordinator's epoch; the answer names this one's (see {@link Epochs#answering}). */
    static ReplyException staleEpoch(String theirs, String ours) {
        return stale(FailureCode.STALE_EPOCH, "stale epoch " + theirs + "; " + Epochs.answering(ours));
    }

    static ReplyException stale(int code, String message) {
        return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message);
    }

    /**
     * Applies the updates of one worker, then schedules once. Updates about attempts that are no longer current are
     * answered as stale; a dead worker or an old epoch fails the whole message.
     */
    UpdatesAnswered onAttemptUpdates(AttemptUpdates updates) {
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
        tracker.schedule();
        return new UpdatesAnswered(stale);
    }

    private void onAttemptUpdate(AttemptUpdate update) {
        checkSender(update.ref(), update.workerId());
        AttemptRecord known = find(update.ref());
        if (update.state() != ReportedState.RUNNING && known != null && known.workerId().equals(update.workerId())) {
            // whatever the coordinator thinks of the attempt, its thread has ended on its worker
            if (update.state() == ReportedState.STOPPED && known.state().isActive()) {
                attemptDropped(known);
            }
            if (update.state() == ReportedState.STOPPED || !known.state().isActive()) {
                threadEnded(known);
                return;
            }
        } else if (update.state() == ReportedState.STOPPED) {
            return; // an attempt nobody waits for
        }
        AttemptRecord attempt = currentAttempt(update.ref(), update.workerId());
        switch (update.state()) {
            case RUNNING -> {
                if (attempt.state() == AttemptState.STARTING) {
                    attempt.moveTo(AttemptState.RUNNING, tracker.now());
                }
                attempt.progress(update.progress());
                attempt.activity(update.activity(), tracker.now());
            }
            case SUCCEEDED -> attemptSucceeded(attempt, update);
            case FAILED -> {
                threadEnded(attempt);
                if (attempt.task().granted() == attempt && attempt.task().earlierGrant() != null) {
                    tracker.resumption().grantedAttemptFailed(attempt, update);
                } else {
                    attemptFailed(attempt, update.error(), update.stackTrace(), update.badRecord());
                }
            }
            case STOPPED -> throw new IllegalStateException("handled above");
        }
    }

    /** A live attempt its worker stopped on its own (it dropped it): like a kill, not the task's fault. */
    private void attemptDropped(AttemptRecord attempt) {
        attempt.killing("its worker stopped it", tracker.now());
        metrics.attemptKilled();
        taskLostAttempt(attempt.task());
    }

    private void attemptSucceeded(AttemptRecord attempt, AttemptUpdate update) {
        TaskRecord task = attempt.task();
        boolean needsCommit = !task.isMap() || task.job().isMapOnly();
        if (needsCommit && task.granted() != attempt) {
            throw stale(FailureCode.STALE_ATTEMPT, "attempt " + attempt.attemptId() + " reported success without a commit grant");
        }
        threadEnded(attempt);
        attempt.counters(update.counters());
        attempt.mapOutput(update.mapOutput());
        attempt.moveTo(AttemptState.SUCCEEDED, tracker.now());
        metrics.attemptSucceeded();
        task.succeeded(attempt);
        JobExecution job = task.job();
        for (AttemptRecord other : task.activeAttempts()) {
            stop(other, "attempt " + attempt.attemptId() + " of the same task finished first");
        }
        if (task.isMap()) {
            // the worker's own measure when it gives one: launch to report also counts the messages, which under
            // load can exceed a bundle's whole target and would keep bundles at one task for good
            job.mapTook(update.runMillis() != null ? update.runMillis()
                    : (double) (attempt.endMillis() - attempt.startMillis()) / attempt.bundleSize());
        }
        if (task.isMap() && !job.isMapOnly()) {
            announceMapOutput(task, update.mapOutput());
        }
        if (job.allTasksSucceeded()) {
            tracker.commitJob(job);
        }
    }

    /**
     * An attempt failed (its thread may still be stopping when a timeout failed it). A failure in the mapper on one
     * record, with {@code maxSkippedRecords} left, is handled by skipping that record: it is not held against the
     * task. Any other failure counts against {@code maxAttempts}, marks the worker for exclusion, and makes the task
     * wait (1 s, doubling) before its next attempt.
     */
    void attemptFailed(AttemptRecord attempt, String error, String trace, BadRecord badRecord) {
        TaskRecord task = attempt.task();
        JobExecution job = task.job();
        attempt.fail(error, trace, tracker.now());
        metrics.attemptFailed();
        if (task.granted() == attempt) {
            task.revokeGrant(); // it failed before its commit rename (a renamed attempt reports success)
        }
        log.info("{}: attempt {} failed: {}", job.id(), attempt.attemptId(), error);
        if (badRecord != null && job.spec().maxSkippedRecords() > 0 && !job.isEnding()) {
            task.skip(badRecord);
            job.recordSkipped(task.taskId(), badRecord);
            if (job.skippedRecords().size() > job.spec().maxSkippedRecords()) {
                taskLostAttempt(task);
                tracker.endJob(job, JobState.FAILED, "more than maxSkippedRecords (" + job.spec().maxSkippedRecords()
                        + ") bad records: the last, in task " + task.taskId() + ", " + describe(badRecord), task.taskId(), trace);
            } else {
                log.info("{}: {} will skip {}", job.id(), task.taskId(), describe(badRecord));
                taskLostAttempt(task);
            }
            return;
        }
        task.recordFailure(attempt.workerId());
        exclusions.failed(job.id(), task.taskId(), attempt.workerId(), tracker.now());
        taskLostAttempt(task);
        if (task.failures() >= job.spec().maxAttempts()) {
            tracker.endJob(job, JobState.FAILED, "task " + task.taskId() + " failed " + task.failures()
                    + " time(s), last error: " + error, task.taskId(), trace);
            return;
        }
        long delay = RetryBackoff.delayMillis(task.failures());
        task.notBefore(tracker.now() + delay);
        timer.schedule(delay, tracker::schedule);
        tracker.failIfNoWorkerLeft(job, task, error, trace);
    }

    private static String describe(BadRecord record) {
        return "record " + record.index() + " of " + record.file()
                + (record.offset() >= 0 ? " at byte " + record.offset() : "") + ": " + record.error();
    }

    /** One try at the task ended without success: it waits for a slot again unless another try still runs. */
    void taskLostAttempt(TaskRecord task) {
        if (task.state() == TaskState.RUNNING && task.activeAttempts().isEmpty()) {
            task.moveTo(TaskState.PENDING);
        }
    }

    /** Kills, as failures, running attempts whose activity has not moved for their job's task timeout. */
    void checkTaskTimeouts(Iterable<WorkerRecord> workers) {
        long now = tracker.now();
        for (WorkerRecord worker : workers) {
            if (!worker.alive()) {
                continue;
            }
            for (AttemptRecord attempt : List.copyOf(worker.running())) {
                JobExecution job = attempt.task().job();
                if (attempt.state() != AttemptState.RUNNING || !attempt.isAcknowledged()
                        || job.state() != JobState.RUNNING) {
                    continue;
                }
                if (!attempt.task().isMap() && !job.allMapsSucceeded()) {
                    attempt.waiting(now); // a reducer waiting for map output that is being re-run is not stuck
                    continue;
                }
                TaskTimeout timeout = new TaskTimeout(job.spec().taskTimeout());
                if (timeout.expired(attempt.activityMovedMillis(), now)) {
                    sendKill(attempt, timeout.message());
                    attemptFailed(attempt, timeout.message(), null, null);
                }
            }
        }
    }

    /**
     * Answers the commit requests of one worker's bundle, in order. A request from an attempt that is no longer
     * current is denied; a dead worker or an old epoch fails the whole message.
     */
    /**
     * Decides each request at once; the answer leaves only when the grants are in the journal, so that a coordinator
     * of a later term knows the counters of every task whose output a worker committed.
     */
    Future<CommitDecisions> onCommitRequests(CommitRequests requests) {
        List<CommitDecision> decisions = new ArrayList<>(requests.requests().size());
        List<Future<Void>> recorded = new ArrayList<>();
        for (CommitRequest request : requests.requests()) {
            try {
                CommitDecision decision = onCommitRequest(request);
                decisions.add(decision);
                if (decision.granted()) {
                    recorded.add(tracker.decisions().append(request.ref().jobId(), JournalEntries.granted(
                            request.ref().taskId(), request.ref().attemptId(), request.counters())));
                }
            } catch (ReplyException e) {
                if (e.failureCode() != FailureCode.STALE_ATTEMPT) {
                    throw e;
                }
                decisions.add(new CommitDecision(false, e.getMessage()));
            }
        }
        return Future.all(recorded).map(v -> new CommitDecisions(decisions));
    }

    /** Grants the commit of a task to exactly one attempt; a backup racing it is stopped. */
    private CommitDecision onCommitRequest(CommitRequest request) {
        AttemptRecord attempt = currentAttempt(request.ref(), request.workerId());
        TaskRecord task = attempt.task();
        if (tracker.isSuperseded()) {
            return new CommitDecision(false, "this coordinator has stepped down");
        }
        if (task.job().state() != JobState.RUNNING) {
            return new CommitDecision(false, "job is " + task.job().state());
        }
        if (task.granted() != null) {
            return new CommitDecision(false, "task " + task.taskId() + " already granted to " + task.granted().attemptId());
        }
        task.grant(attempt);
        attempt.counters(request.counters()); // they stand if the worker dies after its commit rename
        attempt.moveTo(AttemptState.COMMITTING, tracker.now());
        for (AttemptRecord other : task.activeAttempts()) {
            if (other != attempt) {
                stop(other, "attempt " + attempt.attemptId() + " of the same task was granted the commit");
            }
        }
        return new CommitDecision(true, null);
    }

    // ---------------------------------------------------------------- map outputs

    void announceMapOutput(TaskRecord map, MapOutputLocation location) {
        tracker.mapOutputs().ready(map.job(), map.index(), location);
    }
}
