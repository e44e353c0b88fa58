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
 * One size, end to end: a fresh coordinator process, the simulated cluster joined to it, the input files, one job
 * submitted over REST and followed until it ends, the figures taken, everything stopped.
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
                System.err.printf("simulator: %d workers on %d hosts registered in %.1f s; submitting%n", workers,
                        Math.min(options.hosts(), workers), (System.nanoTime() - t0) / 1e9);
                JobSpec spec = JobSpec.builder().jobClass(options.jobClass()).input(input.toString())
                        .output(dir.resolve("output").toString()).reducers(reduces).build();
                if (options.warmUp()) {
                    warmUp(client, JobSpec.builder().jobClass(options.jobClass()).input(input.toString())
                            .output(dir.resolve("warm-up-output").toString()).reducers(reduces).build());
                }
                cluster.resetTraffic();
                double cpu0 = coordinator.cpuSeconds();
                double simCpu0 = cluster.cpuSeconds();
                String id = client.submit(options.jar(), spec);
                long submitted = System.currentTimeMillis();
                JobStatus job = follow(client, id, coordinator, failures, cluster);
                boolean timedOut = !job.state().isTerminal();
                long end = timedOut ? System.currentTimeMillis() : job.finishedAt();
                double cpu = coordinator.cpuSeconds() - cpu0;
                double simCpu = cluster.cpuSeconds() - simCpu0;
                Map<String, BusCounters.Tally> traffic = cluster.traffic();
                double heapEnd = coordinator.heapAfterFullGcMiB();
                double jobSeconds = (end - (job.submittedAt() > 0 ? job.submittedAt() : submitted)) / 1000.0;
                double runSeconds = job.startedAt() > 0 ? (end - job.startedAt()) / 1000.0 : 0;
                String state = !timedOut ? job.state().name() : String.format("TIMEOUT after %d s (maps %d/%d, reduces %d/%d)",
                        options.timeoutSeconds(), job.maps().succeeded(), job.maps().total(), job.reduces().succeeded(),
                        job.reduces().total());
                String failed = failures.summary();
                if (!failures.isEmpty()) {
                    String outcome = outcome(client, id, dir.resolve("coordinator.log"));
                    System.err.println("simulator: " + outcome);
                    failed += "; " + outcome;
                }
                double mapsSeconds = mapsDoneAt < 0 ? -1 : (mapsDoneAt - job.startedAt()) / 1000.0;
                return new RunResult(maps, reduces, workers, Math.min(options.hosts(), workers), state,
                        jobSeconds, runSeconds, mapsSeconds, cpu, simCpu, midJobHeap, heapEnd, CoordinatorProcess.peakAfterGcMiB(gcLog),
                        traffic, failed, job.error(), options.warmUp());
            }
        }
    }

    /** Runs a job like the measured one to its end, with no failures, so that the measured one runs on warm code. */
    private void warmUp(GristmillClient client, JobSpec spec) throws Exception {
        long start = System.nanoTime();
        String id = client.submit(options.jar(), spec);
        JobStatus job;
        try {
            job = client.awaitCompletion(id, Duration.ofSeconds(options.timeoutSeconds()));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the warm-up job " + id + " did not end within "
                    + options.timeoutSeconds() + " s", e);
        }
        if (!job.state().name().equals("SUCCEEDED")) {
            throw new IllegalStateException("the warm-up job " + id + " ended " + job.state() + ": " + job.error());
        }
        System.err.printf("simulator: warm-up job %s succeeded in %.1f s; submitting the measured one%n", id,
                (System.nanoTime() - start) / 1e9);
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
                             SimulatedHosts cluster) throws Exception {
        midJobHeap = -1;
        mapsDoneAt = -1;
        CompletableFuture<Double> heapReading = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(options.timeoutSeconds()).toNanos();
        while (true) {
            JobStatus job = client.job(id);
            if (job.state().isTerminal()) {
                if (heapReading != null) {
                    midJobHeap = heapReading.join();
                }
                return job;
            }
            failures.apply(job, cluster);
            boolean mapsDone = job.maps() != null && job.maps().total() > 0 && job.maps().succeeded() == job.maps().total();
            if (mapsDone && mapsDoneAt < 0) {
                mapsDoneAt = System.currentTimeMillis(); // within the 100 ms of polling
            }
            if (options.heapMidJob() && heapReading == null && mapsDone) {
                heapReading = CompletableFuture.supplyAsync(() -> {
                    try {
                        return coordinator.heapAfterFullGcMiB();
                    } catch (Exception e) {
                        return -1.0;
                    }
                });
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
            Thread.sleep(100);
        }
    }
}
