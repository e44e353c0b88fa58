package io.gristmill.simulator;

import io.gristmill.client.JobStatus;
import io.gristmill.client.TaskCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Failures to inject into a run, each when a phase of the job reaches a share of its tasks done:
 * {@code --kill-hosts N@maps:0.5} crashes N simulated hosts (every worker on them) once half the maps succeeded;
 * {@code --silence-workers N@reduces:0.2} makes N workers (spread over the hosts) go silent — no heartbeat, no reply,
 * no leave — once a fifth of the reduces did. Each fires once.
 */
final class FailurePlan {
    enum Kind { KILL_HOSTS, SILENCE_WORKERS }

    /** One failure: {@code count} hosts or workers, when {@code phase} ("maps"/"reduces") reaches {@code share}. */
    record Failure(Kind kind, int count, String phase, double share) {
        boolean due(JobStatus job) {
            TaskCounts counts = phase.equals("maps") ? job.maps() : job.reduces();
            return counts != null && counts.total() > 0 && (double) counts.succeeded() / counts.total() >= share;
        }

        @Override
        public String toString() {
            return (kind == Kind.KILL_HOSTS ? "kill " + count + " host(s)" : "silence " + count + " worker(s)")
                    + " at " + Math.round(share * 100) + "% " + phase;
        }
    }

    private final List<Failure> pending = new ArrayList<>();
    private final List<String> fired = new ArrayList<>();

    void add(Kind kind, String spec) {
        String[] countAndWhen = spec.split("@", 2);
        String[] phaseAndShare = countAndWhen.length == 2 ? countAndWhen[1].split(":", 2) : new String[0];
        if (phaseAndShare.length != 2 || !List.of("maps", "reduces").contains(phaseAndShare[0].toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("a failure is COUNT@maps:SHARE or COUNT@reduces:SHARE, e.g. 1@maps:0.5; got " + spec);
        }
        pending.add(new Failure(kind, Integer.parseInt(countAndWhen[0]), phaseAndShare[0].toLowerCase(Locale.ROOT),
                Double.parseDouble(phaseAndShare[1])));
    }

    boolean isEmpty() {
        return pending.isEmpty() && fired.isEmpty();
    }

    /** Fires the failures that are due on the cluster. */
    void apply(JobStatus job, SimulatedHosts cluster) {
        for (Failure failure : List.copyOf(pending)) {
            if (failure.due(job)) {
                pending.remove(failure);
                int done = failure.kind() == Kind.KILL_HOSTS ? cluster.crashHosts(failure.count())
                        : cluster.silenceWorkers(failure.count());
                String what = failure + ": " + done + (failure.kind() == Kind.KILL_HOSTS ? " workers lost" : " workers silenced");
                fired.add(what);
                System.err.println("simulator: " + what);
            }
        }
    }

    /** What fired, for the report. */
    String summary() {
        List<String> all = new ArrayList<>(fired);
        pending.forEach(f -> all.add(f + ": never due"));
        return String.join("; ", all);
    }

    FailurePlan copy() {
        FailurePlan copy = new FailurePlan();
        copy.pending.addAll(pending);
        return copy;
    }
}
