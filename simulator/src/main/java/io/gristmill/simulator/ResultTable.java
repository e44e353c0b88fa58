package io.gristmill.simulator;

import java.util.List;
import java.util.Map;

/** Prints the runs as one Markdown table, then each run's event-bus traffic by kind of message. */
final class ResultTable {
    private ResultTable() {
    }

    static String render(List<RunResult> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| M | R | W (hosts) | result | job s | run s | maps done s | tasks/s | first job tasks/s | coord CPU s | sim CPU s | heap maps done MiB | heap end MiB"
                + " | peak after GC MiB | msgs to coord | msgs from coord | MiB to coord | MiB from coord | MAP_OUTPUTS msgs | MAP_OUTPUTS MiB | RUN MiB | largest msg KiB |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : runs) {
            BusCounters.Tally to = BusCounters.total(r.bus(), "worker->");
            BusCounters.Tally from = BusCounters.total(r.bus(), "coordinator->");
            BusCounters.Tally outputs = r.bus().getOrDefault("coordinator->worker MAP_OUTPUTS reply", new BusCounters.Tally(0, 0));
            BusCounters.Tally run = r.bus().getOrDefault("coordinator->worker RUN", new BusCounters.Tally(0, 0));
            out.append(String.format("| %,d | %,d | %,d (%d) | %s | %.2f | %.2f | %s | %,.0f | %s | %.1f | %.1f | %s | %s | %s | %,d | %,d | %.1f | %.1f | %,d | %.1f | %.1f | %.0f |%n",
                    r.maps(), r.reduces(), r.workers(), r.hosts(), r.state() + (r.warm() ? " (warm)" : ""),
                    r.jobSeconds(), r.runSeconds(),
                    r.mapsSeconds() < 0 ? "-" : String.format("%.2f", r.mapsSeconds()), r.tasksPerSecond(),
                    r.warm() ? String.format("%,.0f", r.firstJobTasksPerSecond()) : "-",
                    r.coordinatorCpu(), r.simulatorCpu(), mib(r.heapMidJobMiB()), mib(r.heapEndMiB()),
                    mib(r.peakAfterGcMiB()), to.messages(), from.messages(), to.bytes() / 1048576.0,
                    from.bytes() / 1048576.0, outputs.messages(), outputs.bytes() / 1048576.0, run.bytes() / 1048576.0,
                    Math.max(to.largest(), from.largest()) / 1024.0));
        }
        for (RunResult r : runs) {
            out.append(String.format("%nM=%,d R=%,d W=%,d: %s%s%n", r.maps(), r.reduces(), r.workers(), r.state(),
                    (r.failures().isEmpty() ? "" : "; failures: " + r.failures()) + (r.error() == null ? "" : "; error: " + r.error())));
            for (Map.Entry<String, BusCounters.Tally> e : r.bus().entrySet()) {
                out.append(String.format("  %-45s %,12d msgs %,14d bytes, largest %,d%n", e.getKey(), e.getValue().messages(),
                        e.getValue().bytes(), e.getValue().largest()));
            }
        }
        return out.toString();
    }

    private static String mib(double value) {
        return value < 0 ? "-" : String.format("%.0f", value);
    }
}
