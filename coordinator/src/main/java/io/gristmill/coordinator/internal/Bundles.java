package io.gristmill.coordinator.internal;

/**
 * How many map tasks one RUN message carries. A task of a few milliseconds costs less than the messages around it
 * (run, commit, report), so once a job's maps have proved short, a free slot gets a bundle of them that it runs one
 * after another, with one message, one commit request and one report for all. Tasks that take longer than
 * {@link #TARGET_MILLIS} always travel alone, and so do tasks that failed or lost a worker before: a task that
 * crashes its worker must be seen doing it alone, so that its losses are counted against it and not its
 * neighbours'.
 */
final class Bundles {
    /** A bundle should take about this long: short enough to keep the slots balanced and failures seen soon. */
    static final double TARGET_MILLIS = 50;
    static final int MAX_SIZE = 64;
    // a per-task time below this is measurement noise of the millisecond clock
    private static final double MIN_TASK_MILLIS = 0.5;

    private Bundles() {
    }

    /**
     * The size of the next bundle of {@code job}'s maps: as many as fit in {@link #TARGET_MILLIS} at the job's
     * measured time per map, but at most half of a fair share of its pending maps over {@code aliveSlots}, so that
     * every slot gets work and the last bundles shrink as the job nears its end.
     */
    static int size(JobExecution job, int aliveSlots) {
        double perTask = job.mapMillis();
        if (Double.isNaN(perTask)) {
            return 1;
        }
        int byTime = (int) Math.min(MAX_SIZE, TARGET_MILLIS / Math.max(perTask, MIN_TASK_MILLIS));
        int share = job.pendingMaps() / (2 * Math.max(1, aliveSlots));
        return Math.max(1, Math.min(byTime, share));
    }

    /** Whether a task may share a bundle: only if it never failed and never lost a worker. */
    static boolean mayJoin(TaskRecord task) {
        return task.failures() == 0 && task.workerLosses() == 0;
    }
}
