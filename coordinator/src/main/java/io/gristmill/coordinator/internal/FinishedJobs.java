package io.gristmill.coordinator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Which ended jobs of this run still keep their tasks in memory, for {@code GET jobs/{id}/tasks}, attempt logs and
 * the console's job page. A job's tasks and attempts take about 1.4 KB per task, so a coordinator that keeps every
 * ended job grows by 270 MB with each job of 200,000 tasks until it runs out of heap. The ended jobs keep their tasks
 * while they hold at most {@code taskBudget} tasks together, the oldest to end giving theirs up first; the job that
 * ended last always keeps its own. A job that gives up its tasks keeps its status, as the jobs of an earlier
 * coordinator run do. Called on the coordinator context.
 */
final class FinishedJobs {
    private final long taskBudget;
    private final Deque<JobExecution> kept = new ArrayDeque<>(); // in the order they ended
    private long keptTasks;

    /** @param taskBudget the most tasks the ended jobs keep together (the last one to end keeps its own anyway) */
    FinishedJobs(long taskBudget) {
        if (taskBudget < 0) {
            throw new IllegalArgumentException("the task budget must not be negative, got " + taskBudget);
        }
        this.taskBudget = taskBudget;
    }

    /** {@code job} ended; returns the jobs that must give up their tasks now, those that ended first first. */
    List<JobExecution> ended(JobExecution job) {
        kept.addLast(job);
        keptTasks += tasksOf(job);
        List<JobExecution> over = new ArrayList<>();
        while (keptTasks > taskBudget && kept.size() > 1) {
            JobExecution oldest = kept.removeFirst();
            keptTasks -= tasksOf(oldest);
            over.add(oldest);
        }
        return over;
    }

    private static long tasksOf(JobExecution job) {
        return (long) job.maps().size() + job.reduces().size();
    }
}
