package io.gristmill.cli;

import io.gristmill.client.PipelineStatus;

import java.io.PrintStream;

/** How client commands print a pipeline: the status block with its steps, and a one-line progress. */
final class PipelineText {
    private PipelineText() {
    }

    static void print(PipelineStatus pipeline, PrintStream out) {
        out.printf("pipeline %s (%s)%nstate    %s%noutput   %s%nsteps:%n", pipeline.id(), pipeline.name(),
                pipeline.state(), pipeline.output());
        for (PipelineStatus.Step step : pipeline.steps()) {
            out.printf("  %-14s %-9s %s%s%n", step.name(), step.state(),
                    String.join(" ", step.jobs().stream().map(j -> j.jobId() + " " + j.state()).toList()),
                    step.stopReason() == null ? "" : " (" + step.stopReason() + ")");
        }
        if (!pipeline.counters().isEmpty()) {
            out.println("counters (last step):");
            pipeline.counters().forEach((group, values) -> values.forEach((name, value) -> out.printf("  %-36s %,15d%n",
                    group.equals("gristmill") ? name : group + "." + name, value)));
        }
        if (pipeline.error() != null) {
            out.println("error    " + pipeline.error());
            if (pipeline.errorStackTrace() != null) {
                out.println(pipeline.errorStackTrace());
            }
        }
    }

    /** E.g. {@code pipeline-... RUNNING    step 2/3 rank round 4 job-...}. */
    static String progressLine(PipelineStatus pipeline) {
        StringBuilder line = new StringBuilder(String.format("%s %-10s", pipeline.id(), pipeline.state()));
        for (int i = 0; i < pipeline.steps().size(); i++) {
            PipelineStatus.Step step = pipeline.steps().get(i);
            if ("RUNNING".equals(step.state())) {
                line.append(" step ").append(i + 1).append('/').append(pipeline.steps().size()).append(' ')
                        .append(step.name());
                if (step.maxRounds() > 1 && !step.jobs().isEmpty()) {
                    line.append(" round ").append(step.jobs().size());
                }
                if (!step.jobs().isEmpty()) {
                    line.append(' ').append(step.jobs().get(step.jobs().size() - 1).jobId());
                }
            }
        }
        return line.toString();
    }
}
