package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.internal.rules.OwnPause;
import io.gristmill.cluster.Messages.FetchFailure;
import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What the coordinator does when workers are lost or their output cannot be fetched (DESIGN.md "Failure
 * semantics"): dead is final, running attempts are KILLED and rescheduled, needed map outputs are re-run, a
 * granted attempt's commit is checked on disk, and a task that keeps losing its worker fails its job. Part of the
 * {@link JobTracker}'s state machine and, like it, confined to the coordinator context.
 */
final class WorkerLosses {
    private static final Logger log = LoggerFactory.getLogger(WorkerLosses.class);

    private final JobTracker tracker;
    private final Vertx vertx;
    private final CoordinatorMetrics metrics;
    private final Duration heartbeatTimeout;

    // checks run five times a second: one more than 3 s (or half a heartbeat timeout) after the previous means we paused
    private final OwnPause ownPause;

    WorkerLosses(JobTracker tracker, Vertx vertx, CoordinatorMetrics metrics, Duration heartbeatTimeout) {
        this.tracker = tracker;
        this.vertx = vertx;
        this.metrics = metrics;
        this.heartbeatTimeout = heartbeatTimeout;
        this.ownPause = new OwnPause(Math.max(3_000, heartbeatTimeout.toMillis() / 2));
    }

    /**
     * A reducer could not fetch a map output. The output is declared lost and its map re-run at once if its worker
     * is dead, or after {@value AttemptRecord#LOST_AFTER_REPORTS} reports from reducers on at least two different tracker.workerMap().
     */
    void onFetchFailure(FetchFailure report) {
        tracker.currentAttempt(report.reducer(), report.workerId());
        JobExecution job = tracker.jobMap().get(report.reducer().jobId());
        AttemptRecord map = job.attempt(report.mapAttemptId());
        if (map == null || map.task().successful() != map) {
            return; // already re-run
        }
        WorkerRecord mapWorker = tracker.workerMap().get(map.workerId());
        boolean lost = mapWorker == null || !mapWorker.alive() || map.fetchFailureReported(report.workerId());
        log.info("{}: fetch of {} failed on {}: {}", job.id(), map.attemptId(), report.workerId(), report.error());
        if (lost && job.state() == JobState.RUNNING && !job.isEnding()) {
            map.task().outputLost(tracker.now());
            announceObsolete(job, map);
            tracker.schedule();
        }
    }

    /** A cluster member left (crashed or stopped): its worker incarnations are dead. */
    void memberLeft(String nodeId) {
        List<WorkerRecord> gone = tracker.workerMap().values().stream()
                .filter(worker -> nodeId.equals(worker.nodeId())).toList();
        workersLost(gone, worker -> "its process left the cluster");
    }

    /**
     * Declares workers dead whose heartbeats stopped for longer than the timeout; after a pause of this coordinator
     * itself (see {@link OwnPause}) it gives every live worker a fresh timeout instead, as if each had just beaten.
     */
    void checkHeartbeats() {
        long now = tracker.now();
        if (ownPause.pausedBefore(now)) {
            log.warn("this coordinator did not run for a while (frozen or paused): its workers get a fresh heartbeat"
                    + " timeout instead of being declared dead for the silence");
            tracker.workerMap().values().stream().filter(WorkerRecord::alive).forEach(w -> w.heartbeat(now));
            return;
        }
        List<WorkerRecord> silent = tracker.workerMap().values().stream()
                .filter(worker -> worker.alive() && now - worker.lastHeartbeatMillis() > heartbeatTimeout.toMillis())
                .toList();
        // together, however many went silent at once: a scheduling pass per death blocked the loop for 26 s
        workersLost(silent, worker -> "no heartbeat for " + (now - worker.lastHeartbeatMillis()) + " ms");
    }

    /**
     * Several workers are dead at once (one process of many worker incarnations, or one machine): as
     * {@link #workerLost}, with one pass over the map tasks for all of them rather than one per worker (at M =
     * 200,000 and hundreds of workers on one host, the passes were what a host's death cost).
     */
    void workersLost(List<WorkerRecord> workers, Function<WorkerRecord, String> reason) {
        Set<String> dead = new HashSet<>();
        for (WorkerRecord worker : workers) {
            if (worker.alive()) {
                markDead(worker, reason.apply(worker));
                dead.add(worker.id());
            }
        }
        if (!dead.isEmpty()) {
            rerunLostMapOutputs(dead);
            tracker.schedule();
        }
    }

    /**
     * A worker is dead (final): its active attempts are KILLED and rescheduled, and its finished map outputs are
     * re-run while a reduce of their job still needs them. A task that lost its worker {@code maxWorkerLosses}
     * times fails its job.
     */
    void workerLost(WorkerRecord worker, String reason) {
        workersLost(List.of(worker), dead -> reason);
    }

    private void markDead(WorkerRecord worker, String reason) {
        worker.died(reason, tracker.now());
        log.warn("worker {} is dead: {}", worker.id(), reason);
        for (AttemptRecord attempt : List.copyOf(worker.running())) {
            attemptLostWorker(attempt, reason);
        }
    }

    private void attemptLostWorker(AttemptRecord attempt, String reason) {
        if (!attempt.state().isActive()) {
            tracker.protocol().threadEnded(attempt); // stopping or failed there: no thread is left to wait for
            return;
        }
        if (attempt.state() == AttemptState.COMMITTING) {
            grantedAttemptLost(attempt, reason);
            return;
        }
        TaskRecord task = attempt.task();
        JobExecution job = task.job();
        boolean started = attempt.state() != AttemptState.STARTING;
        attempt.kill("worker lost: " + reason, tracker.now());
        metrics.attemptKilled();
        tracker.workerMap().get(attempt.workerId()).ended(attempt);
        if (started) { // an attempt that never reached its worker cannot have crashed it
            task.recordWorkerLoss();
        }
        if (task.granted() == attempt) {
            task.revokeGrant();
        }
        tracker.protocol().taskLostAttempt(task);
        if (task.workerLosses() >= job.spec().maxWorkerLosses() && !job.isEnding()) {
            tracker.endJob(job, JobState.FAILED, "task " + task.taskId() + " lost its worker " + task.workerLosses()
                    + " time(s) (maxWorkerLosses): it may be crashing the worker", task.taskId(), null);
        }
    }

    /**
     * The attempt granted its task's commit died before reporting. If it got as far as renaming its folder to
     * {@code committed/<task>}, its output (and the counters it sent with its commit request) stand and the task has
     * succeeded;
     * otherwise nobody committed, the grant is revoked and the task runs again.
     */
    private void grantedAttemptLost(AttemptRecord attempt, String reason) {
        TaskRecord task = attempt.task();
        JobExecution job = task.job();
        tracker.workerMap().get(attempt.workerId()).ended(attempt);
        vertx.executeBlocking(() -> job.jobOutput().isCommitted(task.taskId()), false)
                .onComplete(found -> {
            if (!attempt.state().isActive() || job.state().isTerminal() || job.isEnding()) {
                return;
            }
            if (found.succeeded() && found.result()) {
                log.info("{}: {} died after committing {}; its output stands", job.id(), attempt.attemptId(), task.taskId());
                attempt.moveTo(AttemptState.SUCCEEDED, tracker.now());
                task.succeeded(attempt);
                if (job.allTasksSucceeded()) {
                    tracker.commitJob(job);
                }
            } else {
                attempt.kill("worker lost before committing: " + reason, tracker.now());
                task.recordWorkerLoss();
                task.revokeGrant();
                tracker.protocol().taskLostAttempt(task);
            }
            tracker.schedule();
        });
    }

    private void rerunLostMapOutputs(Set<String> deadWorkers) {
        for (JobExecution job : tracker.jobMap().values()) {
            if (job.state() != JobState.RUNNING || job.isEnding() || !job.mapOutputsNeeded()) {
                continue;
            }
            for (TaskRecord map : job.maps()) {
                AttemptRecord ok = map.successful();
                if (ok != null && deadWorkers.contains(ok.workerId())) {
                    if (ok.state() == AttemptState.SUCCEEDED) {
                        metrics.attemptKilled(); // its output is lost: the attempt no longer counts
                    }
                    map.outputLost(tracker.now());
                    announceObsolete(job, ok);
                }
            }
        }
    }

    private void announceObsolete(JobExecution job, AttemptRecord mapAttempt) {
        tracker.mapOutputs().obsolete(job, mapAttempt.task().index(), mapAttempt.attemptId());
    }
}
