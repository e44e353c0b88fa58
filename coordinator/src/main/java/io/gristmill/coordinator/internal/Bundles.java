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
    /**
     * A bundle of at most this much work may go out however near the end the phase is: it can delay the phase's end
     * by no more than a reply's trip on a busy coordinator, while shrinking bundles of sub-millisecond maps to one map
     * each cost a RUN, a commit, a report and a run in the map output log for every map of the phase's last part
     * (at M = 200,000 on 4,000 slots: 48,697 RUN messages instead of 20,863, reducers and backups included).
     */
    static final double TAIL_MILLIS = 10;
    // a per-task time below this is measurement noise of the millisecond clock
    private static final double MIN_TASK_MILLIS = 0.5;

    private Bundles() {
    }

    /**
     * The size of the next bundle of {@code job}'s maps: see {@link #size(double, int, int)}.
     */
    static int size(JobExecution job, int aliveSlots) {
        return size(job.mapMillis(), job.pendingMaps(), aliveSlots);
    }

    /**
     * As many maps as fit in {@link #TARGET_MILLIS} at {@code perTaskMillis} (NaN: not measured yet, one map), but
     * at most half of a fair share of the {@code pendingMaps} over {@code aliveSlots}, so that every slot gets work
     * and the last bundles shrink as the phase nears its end — down to {@link #TAIL_MILLIS} of work, not below.
     */
    static int size(double perTaskMillis, int pendingMaps, int aliveSlots) {
        if (Double.isNaN(perTaskMillis)) {
            return 1;
        }
        double perTask = Math.max(perTaskMillis, MIN_TASK_MILLIS);
        int byTime = (int) Math.min(MAX_SIZE, TARGET_MILLIS / perTask);
        int share = pendingMaps / (2 * Math.max(1, aliveSlots));
        int unnoticed = (int) (TAIL_MILLIS / perTask);
        return Math.max(1, Math.min(byTime, Math.max(share, unnoticed)));
    }

    /** Whether a task may share a bundle: only if it never failed and never lost a worker. */
    static boolean mayJoin(TaskRecord task) {
        return task.failures() == 0 && task.workerLosses() == 0;
    }
}
