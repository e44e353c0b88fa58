package io.gristmill.simulator;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Prints a many-jobs run ({@link ManyJobsRun}): one summary row, then one row per job. */
final class ManyJobsTable {
    private ManyJobsTable() {
    }

    static String render(ManyJobsRun.Outcome o) {
        StringBuilder out = new StringBuilder();
        out.append("| jobs | M/R per job | W (hosts) x slots | result | submit s | all done s | wait s min/median/max"
                + " | plan s median/max | run s min/median/max | coord CPU s | load avg at end |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<ManyJobsRun.JobFigures> f = o.figures();
        out.append(String.format("| %d | %,d/%,d | %,d (%d) x %d | %s | %.1f | %.1f | %s | %s | %s | %.1f | %s |%n",
                o.jobs(), o.maps(), o.reduces(), o.workers(), o.hosts(), o.slots(), o.result(), o.submitSeconds(),
                o.allDoneSeconds(), spread(f, ManyJobsRun.JobFigures::waitSeconds, true),
                spread(f, ManyJobsRun.JobFigures::planSeconds, false), spread(f, ManyJobsRun.JobFigures::runSeconds, true),
                o.coordinatorCpu(), o.loadAverage()));
        out.append("\nslots share: ").append(o.fairness().summary()).append("\n\n");
        out.append("| # | job | state | wait s | plan s | run s | tasks |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < f.size(); i++) {
            ManyJobsRun.JobFigures j = f.get(i);
            out.append(String.format("| %d | %s | %s | %.2f | %.2f | %.2f | %d |%n", i + 1, j.id(), j.state(),
                    j.waitSeconds(), j.planSeconds(), j.runSeconds(), j.tasks()));
        }
        return out.toString();
    }

    /** "min/median/max" (or "median/max") of the known values. */
    private static String spread(List<ManyJobsRun.JobFigures> figures, ToDoubleFunction<ManyJobsRun.JobFigures> value,
                                 boolean withMin) {
        List<Double> known = figures.stream().map(value::applyAsDouble).filter(v -> v >= 0)
                .sorted(Comparator.naturalOrder()).toList();
        if (known.isEmpty()) {
            return "-";
        }
        String medianMax = String.format("%.2f/%.2f", known.get(known.size() / 2), known.get(known.size() - 1));
        return withMin ? String.format("%.2f/", known.get(0)) + medianMax : medianMax;
    }
}
