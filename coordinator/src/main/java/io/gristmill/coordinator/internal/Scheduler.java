package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Chooses which pending task a free slot runs. Pure selection logic over coordinator records; called on the
 * coordinator context.
 *
 * <p>Fair share between jobs: the running job with the fewest active attempts goes first (ties: the older job),
 * so a small job submitted behind a huge one starts at once. Within a job, maps come before reducers, and reducers
 * start once every map has succeeded. A task avoids workers it already failed on while others are available.
 */
public final class Scheduler {
    private Scheduler() {
    }

    public static TaskRecord pick(Collection<JobExecution> jobs, WorkerRecord worker, int aliveWorkers) {
        // each job's share is counted once per pick, not once per comparison of the sort
        Map<JobExecution, Integer> active = new HashMap<>();
        jobs.stream().filter(j -> j.state() == JobState.RUNNING).forEach(j -> active.put(j, j.activeAttempts()));
        List<JobExecution> order = active.keySet().stream()
                .sorted(Comparator.comparingInt((JobExecution j) -> active.get(j))
                        .thenComparingLong(JobExecution::submittedMillis))
                .toList();
        for (JobExecution job : order) {
            TaskRecord task = pickInJob(job, worker, aliveWorkers);
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    private static TaskRecord pickInJob(JobExecution job, WorkerRecord worker, int aliveWorkers) {
        TaskRecord map = firstPending(job.maps(), job.firstPossiblyPending(true), worker, aliveWorkers);
        if (map != null || !job.allMapsSucceeded()) {
            return map;
        }
        return firstPending(job.reduces(), job.firstPossiblyPending(false), worker, aliveWorkers);
    }

    private static TaskRecord firstPending(List<TaskRecord> tasks, int from, WorkerRecord worker, int aliveWorkers) {
        for (int i = from; i < tasks.size(); i++) {
            TaskRecord task = tasks.get(i);
            if (task.state() == TaskState.PENDING && !avoids(task, worker, aliveWorkers)) {
                return task;
            }
        }
        return null;
    }

    /** A retried task avoids workers it failed on, unless every live worker is one of them. */
    private static boolean avoids(TaskRecord task, WorkerRecord worker, int aliveWorkers) {
        return task.failedOn(worker.id()) && aliveWorkers > task.failedWorkerCount();
    }
}
