package io.gristmill.cli;

import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.JobStatus.TaskCounts;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Polls a job until it ends, printing a progress line (rewritten in place on a terminal). */
final class JobWatcher {
    private static final long POLL_MILLIS = 50;

    private final CoordinatorVerticle coordinator;
    private final PrintStream progress;
    private final boolean terminal = System.console() != null;
    private String lastLine = "";

    JobWatcher(CoordinatorVerticle coordinator, PrintStream progress) {
        this.coordinator = coordinator;
        this.progress = progress;
    }

    JobStatus awaitEnd(String jobId) throws Exception {
        while (true) {
            JobStatus status = coordinator.job(jobId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            show(status);
            if (status.state().isTerminal()) {
                if (terminal) {
                    progress.println();
                }
                return status;
            }
            Thread.sleep(POLL_MILLIS); // polling interval of a progress display, not synchronisation
        }
    }

    private void show(JobStatus status) {
        String line = progressLine(status);
        if (line.equals(lastLine)) {
            return;
        }
        lastLine = line;
        if (terminal) {
            progress.print("\r" + line + "   ");
        } else {
            progress.println(line);
        }
        progress.flush();
    }

    static String progressLine(JobStatus status) {
        if (status.state() == io.gristmill.coordinator.JobState.PLANNING) {
            return status.id() + " PLANNING   listing and splitting the input";
        }
        return String.format("%s %-10s map %s  reduce %s", status.id(), status.state(), phase(status.maps()),
                phase(status.reduces()));
    }

    private static String phase(TaskCounts counts) {
        return String.format("%d/%d %3.0f%%", counts.succeeded(), counts.total(), counts.progress() * 100);
    }
}
