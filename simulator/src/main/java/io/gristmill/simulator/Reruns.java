package io.gristmill.simulator;

import io.gristmill.client.AttemptStatus;
import io.gristmill.client.TaskStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How each lost map output ran again, from a job's task list: checks "every lost map output is re-run exactly once".
 *
 * <p>A <b>loss</b> is an attempt KILLED because its "map output lost with its worker" (it had succeeded). The attempts
 * of that task started from the loss until the task's next loss belong to it. A <b>successful re-run</b> is one of
 * them that succeeded (it is SUCCEEDED, or its output was lost in turn). Each loss then ends in one of:
 * <ul>
 *   <li><b>once</b>: exactly one successful re-run;</li>
 *   <li><b>cascade</b>: exactly one, whose own worker was lost next, so its output was lost again: that second loss
 *   is counted as a loss of its own (with its own re-runs), not as a duplicate of the first;</li>
 *   <li><b>duplicate</b>: two or more successful re-runs for the one loss (two live copies of one output);</li>
 *   <li><b>never</b>: no successful re-run (the job ended first, or failed).</li>
 * </ul>
 * Exactly once holds when every loss is "once" or "cascade". Attempts after a loss that did not succeed (a RUN sent to
 * a worker dying too, a speculative backup stopped) are listed by their error.
 */
record Reruns(int lost, int once, int cascades, int duplicates, int never, Map<String, Integer> others) {

    static Reruns of(List<TaskStatus> tasks) {
        Counting counting = new Counting();
        for (TaskStatus task : tasks) {
            if ("MAP".equalsIgnoreCase(task.type())) {
                counting.task(task.attempts());
            }
        }
        return new Reruns(counting.lost, counting.once, counting.cascades, counting.duplicates, counting.never,
                counting.others);
    }

    /** Every lost output ran again once: no duplicate, none left without a re-run. */
    boolean exactlyOnce() {
        return duplicates == 0 && never == 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format("%,d map outputs lost: re-run once %,d (of which %,d lost"
                        + " again with their worker: cascades, each counted as a further loss), duplicates %,d (two or"
                        + " more successful re-runs of one loss), never re-run %,d: %s", lost, once + cascades,
                cascades, duplicates, never, exactlyOnce() ? "exactly once" : "NOT exactly once"));
        if (!others.isEmpty()) {
            text.append("; attempts after a loss that did not succeed:");
            others.forEach((why, count) -> text.append(String.format(" %,d %s;", count, why)));
        }
        return text.toString();
    }

    /** The counts, filled task by task. */
    private static final class Counting {
        int lost;
        int once;
        int cascades;
        int duplicates;
        int never;
        final Map<String, Integer> others = new TreeMap<>();

        void task(List<AttemptStatus> attempts) {
            List<AttemptStatus> losses = new ArrayList<>(attempts.stream().filter(FailureOutcome::lostOutput).toList());
            losses.sort(Comparator.comparingLong(AttemptStatus::finishedAt));
            for (int i = 0; i < losses.size(); i++) {
                long from = losses.get(i).finishedAt();
                long until = i + 1 < losses.size() ? losses.get(i + 1).finishedAt() : Long.MAX_VALUE;
                loss(attempts, losses.get(i), from, until);
            }
        }

        private void loss(List<AttemptStatus> attempts, AttemptStatus loss, long from, long until) {
            lost++;
            int succeeded = 0;
            boolean lostAgain = false;
            for (AttemptStatus later : attempts) {
                if (later == loss || later.startedAt() < from || later.startedAt() >= until) {
                    continue;
                }
                if ("SUCCEEDED".equals(later.state()) || FailureOutcome.lostOutput(later)) {
                    succeeded++;
                    lostAgain |= FailureOutcome.lostOutput(later);
                } else {
                    String why = later.state() + (later.error() == null ? "" : ": " + later.error()
                            .replaceAll("sim-h\\d+-w\\d+-i\\d+", "W").replaceAll("\\d+ ms", "N ms"));
                    others.merge(why, 1, Integer::sum);
                }
            }
            if (succeeded == 0) {
                never++;
            } else if (succeeded > 1) {
                duplicates++;
            } else if (lostAgain) {
                cascades++;
            } else {
                once++;
            }
        }
    }
}
