package io.gristmill.simulator;

import io.gristmill.client.AttemptStatus;
import io.gristmill.client.TaskStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What injected failures cost, read after the job from the coordinator's own records: how often each lost map output
 * ran again (its task list: an attempt KILLED because its "map output lost with its worker", and the attempts of that
 * task started after it), and how long after their last heartbeat the silenced workers were declared dead (the
 * coordinator's log line "worker … is dead: no heartbeat for N ms").
 */
final class FailureOutcome {
    private static final Pattern SILENT = Pattern.compile("is dead: no heartbeat for (\\d+) ms");
    private static final Pattern LEFT = Pattern.compile("is dead: its process left the cluster");

    private FailureOutcome() {
    }

    static String of(List<TaskStatus> tasks, Path coordinatorLog) {
        return reruns(tasks) + "; " + deaths(coordinatorLog);
    }

    /**
     * "N map outputs lost; successful runs after each loss: 1 x N1 ...; other attempts after a loss: ..." — exactly
     * once is "1 x N" alone; the other attempts are those that never ran to the end (a RUN sent to a worker that was
     * dying too, a refusal), by their error.
     */
    static String reruns(List<TaskStatus> tasks) {
        int lost = 0;
        TreeMap<Integer, Integer> histogram = new TreeMap<>();
        TreeMap<String, Integer> others = new TreeMap<>();
        for (TaskStatus task : tasks) {
            if (!"MAP".equalsIgnoreCase(task.type())) {
                continue;
            }
            for (AttemptStatus attempt : task.attempts()) {
                if (attempt.error() != null && attempt.error().contains("map output lost")) {
                    lost++;
                    int succeeded = 0;
                    for (AttemptStatus later : task.attempts()) {
                        if (later.startedAt() < attempt.finishedAt() || later == attempt) {
                            continue;
                        }
                        if ("SUCCEEDED".equals(later.state()) || later.error() != null
                                && later.error().contains("map output lost")) {
                            succeeded++;
                        } else {
                            String why = later.state() + (later.error() == null ? "" : ": " + later.error()
                                    .replaceAll("sim-h\\d+-w\\d+-i\\d+", "W").replaceAll("\\d+ ms", "N ms"));
                            others.merge(why, 1, Integer::sum);
                        }
                    }
                    histogram.merge(succeeded, 1, Integer::sum);
                }
            }
        }
        StringBuilder text = new StringBuilder(String.format("%,d map outputs lost; successful runs of their tasks"
                + " after each loss:", lost));
        histogram.forEach((after, count) -> text.append(String.format(" %d x %,d", after, count)));
        if (!others.isEmpty()) {
            text.append("; other attempts after a loss:");
            others.forEach((why, count) -> text.append(String.format(" %,d %s;", count, why)));
        }
        return text.toString();
    }

    /** Workers declared dead by leaving, and by silence with the longest silence before the verdict. */
    static String deaths(Path coordinatorLog) {
        int left = 0;
        int silent = 0;
        long longest = 0;
        try (Stream<String> lines = Files.lines(coordinatorLog)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher m = SILENT.matcher(line);
                if (m.find()) {
                    silent++;
                    longest = Math.max(longest, Long.parseLong(m.group(1)));
                } else if (LEFT.matcher(line).find()) {
                    left++;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return "coordinator log unreadable: " + e.getMessage();
        }
        return String.format("%,d workers dead by leaving, %,d by silence (longest silence before the verdict %,d ms)",
                left, silent, longest);
    }
}
