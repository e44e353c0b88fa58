package io.gristmill.cli;

import io.gristmill.client.JobStatus;
import io.gristmill.client.TaskCounts;

import java.io.PrintStream;

/** How client commands print a job: the status block, and the one-line progress of {@code submit --wait}. */
final class JobText {
    private JobText() {
    }

    static void print(JobStatus job, PrintStream out) {
        out.printf("job      %s (%s)%nstate    %s%noutput   %s%nmaps     %s%nreduces  %s%n", job.id(), job.name(),
                job.state(), job.output(), phase(job.maps()), phase(job.reduces()));
        if (job.pipeline() != null) {
            out.printf("pipeline %s step %s round %d%n", job.pipeline().id(), job.pipeline().step(), job.pipeline().round());
        }
        if (!job.sideFiles().isEmpty()) {
            out.println("files    " + String.join(", ", job.sideFiles()));
        }
        if (!job.counters().isEmpty()) {
            out.println("counters:");
            job.counters().forEach((group, values) -> values.forEach((name, value) -> out.printf("  %-36s %,15d%n",
                    group.equals("gristmill") ? name : group + "." + name, value)));
        }
        if (job.error() != null) {
            out.println("error    " + job.error());
            if (job.errorStackTrace() != null) {
                out.println(job.errorStackTrace());
            }
        }
    }

    static String progressLine(JobStatus job) {
        return String.format("%s %-10s map %s  reduce %s", job.id(), job.state(), phase(job.maps()), phase(job.reduces()));
    }

    static String phase(TaskCounts counts) {
        if (counts == null) {
            return "-";
        }
        return String.format("%d/%d %3.0f%%", counts.succeeded(), counts.total(), counts.progress() * 100);
    }
}
