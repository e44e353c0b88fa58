package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;
import io.gristmill.coordinator.internal.rules.Speculation;
import io.gristmill.coordinator.internal.rules.Speculation.Candidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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

    /**
     * Backs up every straggler that deserves a backup now, while slots are free for them; true if it launched any.
     * Looks at most every {@link #CHECK_EVERY_MILLIS}, launches or not: a look walks each phase's live attempts and
     * sorts its finished times, so a look per backup (every scheduling pass while backups went out) was most of the
     * coordinator's work when thousands of reducers became stragglers together (M = 200,000 on 2,000 workers).
     */
    boolean backUpStragglers(FreeSlots free, long nowMillis) {
        if (nowMillis < nextCheckMillis || !free.any()) {
            return false;
        }
        nextCheckMillis = nowMillis + CHECK_EVERY_MILLIS;
        int aliveSlots = free.aliveSlots();
        int backupsRunning = (int) tracker.workers().stream().filter(WorkerRecord::alive)
                .flatMap(w -> w.running().stream()).filter(a -> a.isBackup() && a.state().isActive()).count();
        boolean launched = false;
        for (JobExecution job : tracker.jobs()) {
            if (job.state() != JobState.RUNNING || !job.spec().speculation()) {
                continue;
            }
            // the phase with nothing pending that is not done: its maps, or its reduces
            boolean maps = !job.hasPendingMaps() && !job.allMapsSucceeded();
            boolean reduces = job.allMapsSucceeded() && job.pendingReduces() == 0;
            if (!maps && !reduces) {
                continue;
            }
            List<Candidate<AttemptRecord>> running = candidates(job, maps);
            if (running.isEmpty()) {
                continue; // no straggler possible: spares the walk over the phase's finished tasks
            }
            for (Candidate<AttemptRecord> straggler : Speculation.stragglers(running,
                    finished(maps ? job.maps() : job.reduces()), nowMillis, backupsRunning, aliveSlots)) {
                if (!free.any()) {
                    return launched;
                }
                if (launchBackup(straggler.attempt(), free.workers(), nowMillis)) {
                    launched = true;
                    backupsRunning++;
                }
            }
        }
        return launched;
    }

    /**
     * The phase's running attempts that run alone (no backup yet) and are not already committing, in task order.
     * Taken from the job's live attempts, a few per slot, rather than from a walk over all of the phase's tasks
     * (200,000 maps, every {@link #CHECK_EVERY_MILLIS} at the end of the map phase).
     */
    private static List<Candidate<AttemptRecord>> candidates(JobExecution job, boolean maps) {
        List<AttemptRecord> alone = new ArrayList<>();
        for (AttemptRecord attempt : job.liveAttempts()) {
            TaskRecord task = attempt.task();
            if (task.isMap() != maps || task.state() != TaskState.RUNNING || attempt.state() != AttemptState.RUNNING
                    || attempt.isBackup()) {
                continue;
            }
            List<AttemptRecord> active = task.activeAttempts();
            if (active.size() == 1 && active.get(0) == attempt) {
                alone.add(attempt);
            }
        }
        alone.sort(Comparator.comparingInt(attempt -> attempt.task().index()));
        List<Candidate<AttemptRecord>> candidates = new ArrayList<>(alone.size());
        for (AttemptRecord attempt : alone) {
            candidates.add(new Candidate<>(attempt, attempt.startMillis(), attempt.progress()));
        }
        return candidates;
    }

    /** How long the phase's finished tasks took (per task of a bundle), unboxed: the median sorts them. */
    private static long[] finished(List<TaskRecord> phase) {
        long[] durations = new long[phase.size()];
        int count = 0;
        for (TaskRecord task : phase) {
            AttemptRecord done = task.successful();
            if (done != null && done.endMillis() > 0) {
                durations[count++] = (done.endMillis() - done.startMillis()) / Math.max(1, done.bundleSize());
            }
        }
        return Arrays.copyOf(durations, count);
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
