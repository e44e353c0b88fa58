package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Predicate;

/**
 * Chooses which pending task a free slot runs. Pure selection logic over coordinator records; called on the
 * coordinator context.
 *
 * <p>Fair share between jobs: the running job with the fewest active attempts goes first (ties: the older job),
 * so a small job submitted behind a huge one starts at once. Within a job, maps come before reducers, and reducers
 * start once every map has succeeded. A task avoids workers it already failed on while others are available, and
 * waits out its back-off after a failure; a job skips workers excluded from it.
 * Short maps travel in bundles ({@link Bundles}).
 */
public final class Scheduler {
    private Scheduler() {
    }

    /**
     * The tasks {@code worker}'s free slot runs next: one task, or a bundle of short maps of one job
     * ({@link Bundles}); empty if nothing may run there.
     */
    public static List<TaskRecord> pick(Collection<JobExecution> jobs, WorkerRecord worker, int aliveWorkers,
                                        int aliveSlots, Predicate<JobExecution> mayRunHere, long nowMillis) {
        // each job's share is counted once per pick, not once per comparison of the sort
        Map<JobExecution, Integer> active = new HashMap<>();
        jobs.stream().filter(j -> j.state() == JobState.RUNNING && mayRunHere.test(j))
                .forEach(j -> active.put(j, j.activeAttempts()));
        List<JobExecution> order = active.keySet().stream()
                .sorted(Comparator.comparingInt((JobExecution j) -> active.get(j))
                        .thenComparingLong(JobExecution::submittedMillis))
                .toList();
        for (JobExecution job : order) {
            List<TaskRecord> tasks = pickInJob(job, worker, aliveWorkers, aliveSlots, nowMillis);
            if (!tasks.isEmpty()) {
                return tasks;
            }
        }
        return List.of();
    }

    private static List<TaskRecord> pickInJob(JobExecution job, WorkerRecord worker, int aliveWorkers, int aliveSlots,
                                              long nowMillis) {
        List<TaskRecord> maps = job.maps();
        int map = nextPending(maps, job.firstPossiblyPending(true), worker, aliveWorkers, nowMillis);
        if (map >= 0) {
            return mapBundle(job, map, worker, aliveWorkers, aliveSlots, nowMillis);
        }
        if (!job.allMapsSucceeded()) {
            return List.of();
        }
        int reduce = nextPending(job.reduces(), job.firstPossiblyPending(false), worker, aliveWorkers, nowMillis);
        return reduce < 0 ? List.of() : List.of(job.reduces().get(reduce));
    }

    /** The pending map at {@code first} and, if the job's maps are short, the next pending maps that may join it. */
    private static List<TaskRecord> mapBundle(JobExecution job, int first, WorkerRecord worker, int aliveWorkers,
                                              int aliveSlots, long nowMillis) {
        List<TaskRecord> maps = job.maps();
        TaskRecord head = maps.get(first);
        int size = Bundles.mayJoin(head) ? Bundles.size(job, aliveSlots) : 1;
        if (size == 1) {
            return List.of(head);
        }
        List<TaskRecord> bundle = new ArrayList<>(size);
        bundle.add(head);
        for (int i = first + 1; i < maps.size() && bundle.size() < size; i++) {
            TaskRecord task = maps.get(i);
            if (mayStart(task, worker, aliveWorkers, nowMillis) && Bundles.mayJoin(task)) {
                bundle.add(task);
            }
        }
        return bundle;
    }

    /** The index of the first task from {@code from} on that may start on {@code worker} now, or -1. */
    private static int nextPending(List<TaskRecord> tasks, int from, WorkerRecord worker, int aliveWorkers,
                                   long nowMillis) {
        for (int i = from; i < tasks.size(); i++) {
            if (mayStart(tasks.get(i), worker, aliveWorkers, nowMillis)) {
                return i;
            }
        }
        return -1;
    }

    /** PENDING, past its back-off after a failure, and not avoiding {@code worker}. */
    private static boolean mayStart(TaskRecord task, WorkerRecord worker, int aliveWorkers, long nowMillis) {
        return task.state() == TaskState.PENDING && task.notBeforeMillis() <= nowMillis
                && !avoids(task, worker, aliveWorkers);
    }

    /** A retried task avoids workers it failed on, unless every live worker is one of them. */
    private static boolean avoids(TaskRecord task, WorkerRecord worker, int aliveWorkers) {
        return task.failedOn(worker.id()) && aliveWorkers > task.failedWorkerCount();
    }
}
