package io.gristmill.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a real coordinator against a simulated cluster, one job per size, and prints one table (issue 16). Progress
 * on stderr, the table on stdout. See {@link SimOptions#USAGE} and bench/README.md.
 */
public final class Simulate {
    private Simulate() {
    }

    public static void main(String[] args) throws Exception {
        SimOptions options;
        try {
            options = SimOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.print(SimOptions.USAGE);
            System.exit(2);
            return;
        }
        System.err.printf("simulator: %d slots per worker, up to %d hosts in %s, map time %s, reduce time %s%n",
                options.slots(), options.hosts(), options.hostJvms() <= 1 ? "this JVM" : options.hostJvms()
                        + " child JVMs" + (options.hostNice() != 0 ? " at niceness " + options.hostNice() : ""),
                options.mapTimes(), options.reduceTimes());
        // Jackson's first use costs seconds of class loading on a loaded machine: paid here, not by every event loop
        // of every host at once while the workers register (which blocked them for 5-9 s)
        io.gristmill.cluster.Messages.warmUp();
        if (options.jobs() > 0) {
            System.exit(manyJobs(options) ? 0 : 1);
            return;
        }
        List<RunResult> results = new ArrayList<>();
        boolean allSucceeded = true;
        for (int[] size : options.sizes()) {
            RunResult result = new SimulatedRun(options).run(size[0], size[1], size[2]);
            results.add(result);
            allSucceeded &= result.state().equals("SUCCEEDED");
            System.err.printf("simulator: M=%,d R=%,d W=%,d %s in %.2f s%n", size[0], size[1], size[2], result.state(),
                    result.jobSeconds());
            System.out.print(ResultTable.render(List.of(result))); // each row as soon as it is known, in case a later size hangs
            System.out.println();
        }
        System.out.println("All sizes:");
        System.out.print(ResultTable.render(results));
        System.out.flush();
        // Vert.x and Hazelcast threads of closed nodes must not keep the JVM alive
        System.exit(allSucceeded ? 0 : 1);
    }

    /** {@code --jobs N}: per size, N jobs at once ({@link ManyJobsRun}); whether every job of every size succeeded. */
    private static boolean manyJobs(SimOptions options) throws Exception {
        boolean allSucceeded = true;
        for (int[] size : options.sizes()) {
            ManyJobsRun.Outcome outcome = new ManyJobsRun(options).run(options.jobs(), size[0], size[1], size[2]);
            allSucceeded &= outcome.result().equals("all SUCCEEDED");
            System.out.print(ManyJobsTable.render(outcome));
            System.out.println();
            System.out.flush();
        }
        return allSucceeded;
    }
}
