package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.internal.rules.Speculation;
import io.gristmill.coordinator.internal.rules.Speculation.Candidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Speculative execution on the coordinator: when a phase of a job (its maps, or its reduces) has nothing pending and
 * slots are free, the straggler {@link Speculation} picks gets one backup attempt on another worker. The first
 * attempt to succeed (for tasks that commit: to be granted the commit) wins and the other is stopped; the task's
 * counters are those of the winner only. Jobs with {@code speculation} off get none. Part of the
 * {@link JobTracker}'s state, confined to the coordinator context.
 */
final class Speculator {
    private static final Logger log = LoggerFactory.getLogger(Speculator.class);
    /** Looking for stragglers walks a job's tasks: not more often than this. */
    private static final long CHECK_EVERY_MILLIS = 200;

    private final JobTracker tracker;
    private final AttemptProtocol protocol;
    private long nextCheckMillis;

    Speculator(JobTracker tracker, AttemptProtocol protocol) {
        this.tracker = tracker;
        this.protocol = protocol;
    }

    /** Launches one backup if a straggler deserves one and a slot is free for it; true if it did. */
    boolean backUpOneStraggler(FreeSlots free, long nowMillis) {
        if (nowMillis < nextCheckMillis || !free.any()) {
            return false;
        }
        nextCheckMillis = nowMillis + CHECK_EVERY_MILLIS;
        int aliveSlots = free.aliveSlots();
        int backupsRunning = (int) tracker.workers().stream().filter(WorkerRecord::alive)
                .flatMap(w -> w.running().stream()).filter(a -> a.isBackup() && a.state().isActive()).count();
        for (JobExecution job : tracker.jobs()) {
            if (job.state() != JobState.RUNNING || !job.spec().speculation()) {
                continue;
            }
            List<TaskRecord> phase = job.hasPendingMaps() ? List.of()
                    : !job.allMapsSucceeded() ? job.maps() : job.pendingReduces() == 0 ? job.reduces() : List.of();
            Optional<Candidate<AttemptRecord>> straggler =
                    Speculation.pick(candidates(phase), finished(phase), nowMillis, backupsRunning, aliveSlots);
            if (straggler.isPresent() && launchBackup(straggler.get().attempt(), free.workers(), nowMillis)) {
                nextCheckMillis = 0; // another may be due at once
                return true;
            }
        }
        return false;
    }

    /** Running attempts that run alone (no backup yet) and are not already committing. */
    private static List<Candidate<AttemptRecord>> candidates(List<TaskRecord> phase) {
        List<Candidate<AttemptRecord>> candidates = new ArrayList<>();
        for (TaskRecord task : phase) {
            if (task.state() != TaskState.RUNNING) {
                continue;
            }
            List<AttemptRecord> active = task.activeAttempts();
            if (active.size() == 1 && active.get(0).state() == AttemptState.RUNNING && !active.get(0).isBackup()) {
                AttemptRecord attempt = active.get(0);
                candidates.add(new Candidate<>(attempt, attempt.startMillis(), attempt.progress()));
            }
        }
        return candidates;
    }

    private static List<Long> finished(List<TaskRecord> phase) {
        List<Long> durations = new ArrayList<>();
        for (TaskRecord task : phase) {
            AttemptRecord done = task.successful();
            if (done != null && done.endMillis() > 0) {
                durations.add((done.endMillis() - done.startMillis()) / Math.max(1, done.bundleSize()));
            }
        }
        return durations;
    }

    private boolean launchBackup(AttemptRecord straggler, List<WorkerRecord> withFreeSlots, long nowMillis) {
        JobExecution job = straggler.task().job();
        java.util.Map<String, String> excluded = tracker.exclusions(job); // once, not once per worker
        for (WorkerRecord worker : withFreeSlots) {
            if (worker.freeSlots() > 0 && !worker.id().equals(straggler.workerId())
                    && !excluded.containsKey(worker.id())) {
                log.info("{}: {} is a straggler ({}% after {} ms); backing it up on {}", job.id(),
                        straggler.attemptId(), Math.round(straggler.progress() * 100),
                        nowMillis - straggler.startMillis(), worker.id());
                protocol.launch(List.of(straggler.task()), worker, true);
                return true;
            }
        }
        return false;
    }
}
