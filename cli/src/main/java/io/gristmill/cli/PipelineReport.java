package io.gristmill.cli;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.PipelineStatus;

import java.io.PrintStream;

/** Prints how a pipeline ended: its steps with their jobs, the output folder and the last step's counters. */
final class PipelineReport {
    private final PrintStream out;
    private final PrintStream err;

    PipelineReport(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Prints the report and returns the exit code: 0 only when the pipeline succeeded. */
    int print(PipelineStatus status) {
        if (status.state() != JobState.SUCCEEDED) {
            err.println("error: pipeline " + status.id() + " " + status.state() + ": " + status.error());
            return 1;
        }
        double seconds = (status.finishedAt() - status.submittedAt()) / 1000.0;
        out.printf("pipeline %s (%s) SUCCEEDED in %.1f s%n", status.id(), status.name(), seconds);
        for (PipelineStatus.StepStatus step : status.steps()) {
            out.printf("  step %-12s %-9s %d job(s)%s%n", step.name(), step.state(), step.jobs().size(),
                    step.stopReason() == null ? "" : "; " + step.stopReason());
        }
        out.printf("output: %s%n", status.output());
        out.println("counters (last step):");
        status.counters().forEach((group, values) -> values.forEach((name, value) ->
                out.printf("  %-36s %,15d%n", group.equals("gristmill") ? name : group + "." + name, value)));
        return 0;
    }
}
