package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.internal.rules.Exclusions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's loop: fills free worker slots with pending tasks ({@link Scheduler} picks which, with fair share
 * between jobs), then with backups of stragglers ({@link Speculator}), and makes a waiting reducer give way to a
 * pending map (preemption). Workers excluded from a job ({@link Exclusions}) get none of its tasks. Part of the
 * {@link JobTracker}'s state, confined to the coordinator context.
 */
final class SlotFiller {
    private static final Logger log = LoggerFactory.getLogger(SlotFiller.class);

    private final JobTracker tracker;
    private final AttemptProtocol protocol;
    private final Speculator speculator;
    private final Exclusions exclusions;
    private final FreeSlots freeSlots;

    SlotFiller(JobTracker tracker, AttemptProtocol protocol, Speculator speculator, Exclusions exclusions,
               FreeSlots freeSlots) {
        this.tracker = tracker;
        this.freeSlots = freeSlots;
        this.protocol = protocol;
        this.speculator = speculator;
        this.exclusions = exclusions;
    }

    /**
     * Gives free slots pending tasks, one slot per worker per round so work spreads across workers. A slot gets one
     * task or a bundle of short maps ({@link Bundles}). When nothing is pending, free slots may run backups of
     * stragglers; when a map waits and every slot is busy, a reducer that only waits for map output makes way.
     */
    void fill() {
        long now = tracker.now();
        boolean assigned = true;
        while (assigned) {
            assigned = false;
            // only the workers with a free slot, and only if some task may take one: not a pass over the cluster
            List<WorkerRecord> withFreeSlots = anyPendingTask() ? freeSlots.workers() : List.of();
            for (WorkerRecord worker : withFreeSlots) {
                if (worker.freeSlots() == 0) {
                    continue;
                }
                List<TaskRecord> tasks = Scheduler.pick(tracker.jobs(), worker, freeSlots.aliveWorkers(),
                        freeSlots.aliveSlots(), job -> !excluded(job, worker, now), now);
                if (!tasks.isEmpty() && !tasks.get(0).job().isEnding()) {
                    protocol.launch(tasks, worker, false);
                    assigned = true;
                }
            }
            if (!assigned) {
                assigned = speculator.backUpStragglers(freeSlots, now) || preemptWaitingReducer();
            }
        }
    }

    /**
     * Whether any running job has a task that may take a slot now (kept counts: O(jobs)); reducers wait for every
     * map ({@link Scheduler}).
     */
    private boolean anyPendingTask() {
        for (JobExecution job : tracker.jobs()) {
            if (job.state() == JobState.RUNNING && !job.isEnding()
                    && (job.pendingMaps() > 0 || job.allMapsSucceeded() && job.pendingReduces() > 0)) {
                return true;
            }
        }
        return false;
    }

    private boolean excluded(JobExecution job, WorkerRecord worker, long now) {
        return exclusions.reason(job.id(), worker.id(), now).isPresent();
    }

    /**
     * A job none of whose live workers may run its tasks any more (each excluded after failures there) would wait
     * for ever: it fails, saying why, with the failure that excluded the last worker.
     */
    void failIfNoWorkerLeft(JobExecution job, TaskRecord lastFailed, String lastError, String lastTrace) {
        List<WorkerRecord> alive = tracker.workers().stream().filter(WorkerRecord::alive).toList();
        if (alive.isEmpty() || job.isEnding() || job.state().isTerminal()) {
            return;
        }
        long now = tracker.now();
        List<String> reasons = new ArrayList<>();
        for (WorkerRecord worker : alive) {
            java.util.Optional<String> reason = exclusions.reason(job.id(), worker.id(), now);
            if (reason.isEmpty()) {
                return;
            }
            reasons.add(worker.id() + " " + reason.get());
        }
        // every worker failing this job's tasks says more about the job than the workers: lead with its error
        tracker.endJob(job, JobState.FAILED, "task " + lastFailed.taskId() + " failed: " + lastError
                + " — and every live worker is now excluded from this job: " + String.join("; ", reasons),
                lastFailed.taskId(), lastTrace);
    }

    /**
     * A waiting map always gets a slot before a reducer that only waits for map output: when every slot is busy
     * and maps are pending, such a reducer is stopped (not counted against its task) — one per pending map beyond
     * the slots already being freed, for a stopped reducer's slot is free only once its worker says so.
     */
    private boolean preemptWaitingReducer() {
        long pendingMaps = 0;
        boolean reducerToPreempt = false;
        for (JobExecution job : tracker.jobs()) {
            if (job.state() == JobState.RUNNING) {
                pendingMaps += job.pendingMaps();
                reducerToPreempt |= job.liveReduceAttempts() > 0 && !job.allMapsSucceeded();
            }
        }
        // the common case — maps pending, every slot busy, no reducer live — costs O(jobs), not a walk over every
        // attempt of every worker (43% of the coordinator's event loop at M = 20,000 on 200 workers)
        if (pendingMaps == 0 || !reducerToPreempt || freeSlots.any()) {
            return false;
        }
        List<WorkerRecord> alive = tracker.workers().stream().filter(WorkerRecord::alive).toList();
        long beingFreed = alive.stream().flatMap(w -> w.running().stream())
                .filter(a -> a.state() == AttemptState.KILLING).count();
        if (beingFreed >= pendingMaps) {
            return false;
        }
        for (WorkerRecord worker : alive) {
            for (AttemptRecord attempt : worker.running()) {
                TaskRecord task = attempt.task();
                if (!task.isMap() && attempt.state().isActive() && attempt.state() != AttemptState.COMMITTING
                        && !task.job().allMapsSucceeded()) {
                    log.info("{}: preempting reducer {} so that a map can run", task.job().id(), attempt.attemptId());
                    protocol.stop(attempt, "preempted: a map needs the slot");
                    protocol.taskLostAttempt(task);
                    return true;
                }
            }
        }
        return false;
    }
}
