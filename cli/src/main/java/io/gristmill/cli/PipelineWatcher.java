package io.gristmill.cli;

import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.PipelineStatus;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Polls a pipeline of an in-process coordinator until it ends, printing a line whenever its progress reads differently. */
final class PipelineWatcher {
    private static final long POLL_MILLIS = 100;

    private final CoordinatorVerticle coordinator;
    private final PrintStream progress;
    private String lastLine = "";

    PipelineWatcher(CoordinatorVerticle coordinator, PrintStream progress) {
        this.coordinator = coordinator;
        this.progress = progress;
    }

    PipelineStatus awaitEnd(String id) throws Exception {
        while (true) {
            PipelineStatus status = coordinator.pipeline(id).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            String line = progressLine(status);
            if (!line.equals(lastLine)) {
                lastLine = line;
                progress.println(line);
            }
            if (status.state().isTerminal()) {
                return status;
            }
            Thread.sleep(POLL_MILLIS); // polling interval of a progress display, not synchronisation
        }
    }

    /** E.g. {@code pipeline-... RUNNING step 2/3 rank round 4 (job-...)}. */
    static String progressLine(PipelineStatus status) {
        StringBuilder line = new StringBuilder(status.id()).append(' ').append(status.state());
        for (int i = 0; i < status.steps().size(); i++) {
            PipelineStatus.StepStatus step = status.steps().get(i);
            if (step.state() == PipelineStatus.StepState.RUNNING) {
                line.append(" step ").append(i + 1).append('/').append(status.steps().size()).append(' ')
                        .append(step.name());
                if (step.maxRounds() > 1 && !step.jobs().isEmpty()) {
                    line.append(" round ").append(step.jobs().size());
                }
                if (!step.jobs().isEmpty()) {
                    line.append(" (").append(step.jobs().get(step.jobs().size() - 1).jobId()).append(')');
                }
            }
        }
        return line.toString();
    }
}
