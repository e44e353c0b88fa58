package io.gristmill.simulator;

import io.gristmill.client.AttemptStatus;
import io.gristmill.client.TaskStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What injected failures cost, read after the job from the coordinator's own records: how often each lost map output
 * ran again ({@link Reruns}, from the job's task list), and how long after their last heartbeat the silenced workers
 * were declared dead (the coordinator's log line "worker … is dead: no heartbeat for N ms").
 */
final class FailureOutcome {
    private static final Pattern SILENT = Pattern.compile("is dead: no heartbeat for (\\d+) ms");
    private static final Pattern LEFT = Pattern.compile("is dead: its process left the cluster");

    private FailureOutcome() {
    }

    static String of(List<TaskStatus> tasks, Path coordinatorLog) {
        return reruns(tasks) + "; " + deaths(coordinatorLog);
    }

    /** Whether an attempt's output was lost with its worker (it had succeeded). */
    static boolean lostOutput(AttemptStatus attempt) {
        return attempt.error() != null && attempt.error().contains("map output lost");
    }

    static String reruns(List<TaskStatus> tasks) {
        return Reruns.of(tasks).toString();
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
