package io.gristmill.simulator;

import io.gristmill.client.GristmillClient;
import io.gristmill.client.JobSpec;
import io.gristmill.client.JobStatus;
import io.gristmill.client.WorkerStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One size, end to end: a fresh coordinator process, the simulated cluster joined to it, the input files, a job
 * submitted over REST and followed until it ends, the figures taken, everything stopped. With {@code --warm-up} the
 * measured job is the third: the first gives the cold rate, the heap at "maps done" is read in the second.
 */
final class SimulatedRun {
    private final SimOptions options;

    SimulatedRun(SimOptions options) {
        this.options = options;
    }

    RunResult run(int maps, int reduces, int workers) throws Exception {
        Path input = InputFiles.ensure(options.dataDir(), maps);
        String label = maps + "-" + reduces + "-" + workers;
        Path dir = options.workDir().resolve(label + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        Path gcLog = dir.resolve("coordinator-gc.log");
        String clusterName = "gristmill-sim-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        BusCounters bus = new BusCounters();
        FailurePlan failures = options.failures().copy();
        System.err.printf("simulator: M=%,d R=%,d W=%,d: starting the coordinator (logs in %s)%n", maps, reduces, workers, dir);
        try (CoordinatorProcess coordinator = CoordinatorProcess.start(options.launcher(), dir, clusterName,
                ("-Xmx" + options.coordinatorHeap() + " -Xlog:gc:file=" + gcLog + " "
                        // e.g. -XX:StartFlightRecording=... to profile the coordinator
                        + System.getenv().getOrDefault("BENCH_SIM_COORDINATOR_OPTS", "")).trim())) {
            long t0 = System.nanoTime();
            try (SimulatedHosts cluster = SimulatedHosts.start(options, clusterName, coordinator.clusterAddress(), workers,
                    bus, dir)) {
                GristmillClient client = GristmillClient.builder().coordinators(coordinator.url())
                        .requestTimeout(Duration.ofMinutes(10)).build(); // submitting 200,000 files took over 2 minutes under load
                awaitWorkers(client, workers);
                coordinator.openHeapProbe(); // now, so that attaching costs the measured job nothing
                System.err.printf("simulator: %d workers on %d hosts registered in %.1f s; submitting%n", workers,
                        Math.min(options.hosts(), workers), (System.nanoTime() - t0) / 1e9);
                JobFigures first = null;
                double warmHeapMidJob = -1;
                if (options.warmUp()) {
                    first = warmUp(client, "first", input, dir, reduces, coordinator, cluster, false);
                    System.err.printf("simulator: first job %s succeeded: run %.2f s, %,.0f tasks/s (cold)%n",
                            first.id(), first.runSeconds(), first.tasksPerSecond(maps + reduces));
                    if (options.heapMidJob()) {
                        // in a job of its own, so that neither the first job's rate nor the measured one's includes
                        // the full GC's pause (55-83 ms in a 2,000-task job of 0.3-0.5 s)
                        JobFigures heapJob = warmUp(client, "heap", input, dir, reduces, coordinator, cluster, true);
                        warmHeapMidJob = heapJob.heapMidJob();
                        System.err.printf("simulator: heap job %s succeeded, heap at maps done %.0f MiB%n",
                                heapJob.id(), warmHeapMidJob);
                    }
                    System.err.println("simulator: submitting the measured job");
                }
                JobFigures job = measure(client, spec(input, dir.resolve("output"), reduces), coordinator, failures,
                        cluster, options.heapMidJob() && first == null);
                double heapEnd = coordinator.heapAfterFullGcMiB();
                String failed = failures.summary();
                if (!failures.isEmpty()) {
                    String outcome = outcome(client, job.id(), dir.resolve("coordinator.log"));
                    System.err.println("simulator: " + outcome);
                    failed += "; " + outcome;
                }
                return new RunResult(maps, reduces, workers, Math.min(options.hosts(), workers), job.state(),
                        job.jobSeconds(), job.runSeconds(), job.mapsSeconds(), job.cpu(), job.simCpu(),
                        first != null ? warmHeapMidJob : job.heapMidJob(), heapEnd,
                        CoordinatorProcess.peakAfterGcMiB(gcLog), job.traffic(), failed, job.error(),
                        first == null ? -1 : first.tasksPerSecond(maps + reduces));
            }
        }
    }

    /** A job before the measured one, without failures: it must succeed. */
    private JobFigures warmUp(GristmillClient client, String name, Path input, Path dir, int reduces,
                              CoordinatorProcess coordinator, SimulatedHosts cluster, boolean heapMidJob)
            throws Exception {
        JobFigures job = measure(client, spec(input, dir.resolve(name + "-job-output"), reduces), coordinator,
                new FailurePlan(), cluster, heapMidJob);
        if (!job.state().equals("SUCCEEDED")) {
            throw new IllegalStateException("the " + name + " job " + job.id() + " ended " + job.state()
                    + (job.error() == null ? "" : ": " + job.error()));
        }
        return job;
    }

    private JobSpec spec(Path input, Path output, int reduces) {
        return JobSpec.builder().jobClass(options.jobClass()).input(input.toString()).output(output.toString())
                .reducers(reduces).build();
    }

    /** What one job came to: the run's figures are the measured job's; a first job gives its rate and heap. */
    private record JobFigures(String id, String state, String error, double jobSeconds, double runSeconds,
                              double mapsSeconds, double cpu, double simCpu, double heapMidJob,
                              Map<String, BusCounters.Tally> traffic) {
        double tasksPerSecond(int tasks) {
            return runSeconds > 0 ? tasks / runSeconds : 0;
        }
    }

    /** Submits a job, follows it to its end (or the timeout) with {@code failures} and takes its figures. */
    private JobFigures measure(GristmillClient client, JobSpec spec, CoordinatorProcess coordinator,
                               FailurePlan failures, SimulatedHosts cluster, boolean heapMidJob) throws Exception {
        cluster.resetTraffic();
        double cpu0 = coordinator.cpuSeconds();
        double simCpu0 = cluster.cpuSeconds();
        String id = client.submit(options.jar(), spec);
        long submitted = System.currentTimeMillis();
        JobStatus job = follow(client, id, coordinator, failures, cluster, heapMidJob);
        boolean timedOut = !job.state().isTerminal();
        long end = timedOut ? System.currentTimeMillis() : job.finishedAt();
        double cpu = coordinator.cpuSeconds() - cpu0;
        double simCpu = cluster.cpuSeconds() - simCpu0;
        double jobSeconds = (end - (job.submittedAt() > 0 ? job.submittedAt() : submitted)) / 1000.0;
        double runSeconds = job.startedAt() > 0 ? (end - job.startedAt()) / 1000.0 : 0;
        String state = !timedOut ? job.state().name() : String.format("TIMEOUT after %d s (maps %d/%d, reduces %d/%d)",
                options.timeoutSeconds(), job.maps().succeeded(), job.maps().total(), job.reduces().succeeded(),
                job.reduces().total());
        double mapsSeconds = mapsDoneAt < 0 ? -1 : (mapsDoneAt - job.startedAt()) / 1000.0;
        return new JobFigures(id, state, job.error(), jobSeconds, runSeconds, mapsSeconds, cpu, simCpu, midJobHeap,
                cluster.traffic());
    }

    private static String outcome(GristmillClient client, String id, Path coordinatorLog) {
        try {
            return FailureOutcome.of(client.tasks(id), coordinatorLog);
        } catch (Exception e) {
            return "re-runs unknown (" + e.getMessage() + "); " + FailureOutcome.deaths(coordinatorLog);
        }
    }

    // seen while following the job
    private double midJobHeap = -1;
    private long mapsDoneAt = -1;

    private void awaitWorkers(GristmillClient client, int workers) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        long nextReport = start;
        while (System.nanoTime() < deadline) {
            long live = client.workers().stream().filter(WorkerStatus::alive).count();
            if (live >= workers) {
                return;
            }
            if (System.nanoTime() >= nextReport) {
                System.err.printf("simulator: %d of %d workers registered%n", live, workers);
                nextReport += Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the simulated workers did not all register within 5 minutes");
    }

    /**
     * Polls the job until it ends, firing the failures as they come due and reading the heap once the maps are done;
     * returns the last status, not terminal if the job was still running at the timeout.
     */
    private JobStatus follow(GristmillClient client, String id, CoordinatorProcess coordinator, FailurePlan failures,
                             SimulatedHosts cluster, boolean heapMidJob) throws Exception {
        midJobHeap = -1;
        mapsDoneAt = -1;
        CompletableFuture<Double> heapReading = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(options.timeoutSeconds()).toNanos();
        while (true) {
            JobStatus job = client.job(id);
            if (job.state().isTerminal()) {
                if (heapReading != null) {
                    midJobHeap = heapReading.join();
                } else if (heapMidJob) {
                    System.err.printf("simulator: job %s ended before a poll saw its maps done: no heap reading%n", id);
                }
                return job;
            }
            failures.apply(job, cluster);
            boolean mapsDone = job.maps() != null && job.maps().total() > 0 && job.maps().succeeded() == job.maps().total();
            if (mapsDone && mapsDoneAt < 0) {
                mapsDoneAt = System.currentTimeMillis(); // within the 100 ms of polling
            }
            if (heapMidJob && heapReading == null && mapsDone) {
                heapReading = CompletableFuture.supplyAsync(coordinator::heapAfterFullGcMiB);
            }
            if (System.nanoTime() > deadline) {
                // the figures so far still make a row: a size the coordinator cannot finish is a result too
                System.err.printf("simulator: job %s did not end within %d s; killing it%n", id, options.timeoutSeconds());
                try {
                    client.kill(id);
                } catch (Exception e) {
                    System.err.println("simulator: could not kill " + id + ": " + e.getMessage());
                }
                if (heapReading != null) {
                    midJobHeap = heapReading.get(2, java.util.concurrent.TimeUnit.MINUTES);
                }
                return job; // not terminal: the caller reports a timeout
            }
            // a warm 2,000-task job lasts 0.1 s: the warm-up job that reads the heap (not measured) looks more often
            Thread.sleep(heapMidJob && options.warmUp() ? 10 : 100);
        }
    }
}
