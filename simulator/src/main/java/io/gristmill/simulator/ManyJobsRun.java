package io.gristmill.simulator;

import io.gristmill.client.AttemptStatus;
import io.gristmill.client.GristmillClient;
import io.gristmill.client.JobSpec;
import io.gristmill.client.JobStatus;
import io.gristmill.client.TaskStatus;
import io.gristmill.client.WorkerStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench/sim --jobs N} (issue 16's "many jobs"): a fresh coordinator and the simulated cluster, then N small
 * jobs (M maps, R reduces each, over the same M input files) submitted at once over REST from a few threads, all
 * followed by listing the jobs every 250 ms until every one ended. Per job: its wait (submit → its first attempt
 * started, from the attempts' own start times), planning (submit → RUNNING) and run (first attempt → end); the share
 * of slots is sampled at each listing (see {@link Fairness}).
 */
final class ManyJobsRun {
    private static final int SUBMITTERS = 8;

    private final SimOptions options;
    private int refused;

    ManyJobsRun(SimOptions options) {
        this.options = options;
    }

    /** One job's figures, seconds. */
    record JobFigures(String id, String state, double waitSeconds, double planSeconds, double runSeconds, int tasks) {
    }

    /** The run's outcome: every job's figures and the slot share over the run. */
    record Outcome(int jobs, int maps, int reduces, int workers, int hosts, int slots, String result,
                   double submitSeconds, double allDoneSeconds, List<JobFigures> figures, Fairness fairness,
                   double coordinatorCpu, String loadAverage) {
    }

    Outcome run(int jobs, int maps, int reduces, int workers) throws Exception {
        Path input = InputFiles.ensure(options.dataDir(), maps);
        String label = jobs + "x" + maps + "-" + reduces + "-" + workers;
        Path dir = options.workDir().resolve(label + "-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        String clusterName = "gristmill-sim-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        System.err.printf("simulator: %d jobs of M=%,d R=%,d on W=%,d: starting the coordinator (logs in %s)%n", jobs,
                maps, reduces, workers, dir);
        try (CoordinatorProcess coordinator = CoordinatorProcess.start(options.launcher(), dir, clusterName,
                ("-Xmx" + options.coordinatorHeap() + " -Xlog:gc:file=" + dir.resolve("coordinator-gc.log") + " "
                        + System.getenv().getOrDefault("BENCH_SIM_COORDINATOR_OPTS", "")).trim());
             SimulatedHosts cluster = SimulatedHosts.start(options, clusterName, coordinator.clusterAddress(), workers,
                     new BusCounters(), dir)) {
            GristmillClient client = GristmillClient.builder().coordinators(coordinator.url())
                    .requestTimeout(Duration.ofMinutes(2)).build();
            awaitWorkers(client, workers);
            System.err.printf("simulator: %,d workers registered; submitting %d jobs%n", workers, jobs);
            double cpu0 = coordinator.cpuSeconds();
            long t0 = System.currentTimeMillis();
            List<String> ids = submitAll(client, jobs, input, dir, reduces);
            double submitSeconds = (System.currentTimeMillis() - t0) / 1000.0;
            System.err.printf("simulator: %d jobs submitted in %.1f s; following them%n", jobs, submitSeconds);
            Fairness fairness = new Fairness();
            Map<String, JobStatus> last = follow(client, ids, fairness);
            long end = last.values().stream().mapToLong(JobStatus::finishedAt).max().orElse(System.currentTimeMillis());
            double cpu = coordinator.cpuSeconds() - cpu0;
            List<JobFigures> figures = new ArrayList<>();
            for (String id : ids) {
                figures.add(figures(client, last.get(id)));
            }
            boolean allSucceeded = last.values().stream().allMatch(j -> j.state().name().equals("SUCCEEDED"));
            long ended = last.values().stream().filter(j -> j.state().isTerminal()).count();
            String result = (allSucceeded ? "all SUCCEEDED" : ended + " of " + ids.size() + " ended; "
                    + last.values().stream().filter(j -> !j.state().name().equals("SUCCEEDED")).count() + " not SUCCEEDED")
                    + (refused == 0 ? "" : "; " + refused + " refused at submission");
            return new Outcome(jobs, maps, reduces, workers, Math.min(options.hosts(), workers), options.slots(), result,
                    submitSeconds, (end - t0) / 1000.0, figures, fairness, cpu, loadAverage());
        }
    }

    /** Submits from a few threads at once, as many users would; the ids in submission order. */
    private List<String> submitAll(GristmillClient client, int jobs, Path input, Path dir, int reduces) throws Exception {
        ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                JobSpec spec = JobSpec.builder().jobClass(options.jobClass()).input(input.toString())
                        .output(dir.resolve("output-" + j).toString()).reducers(reduces).name("sim-" + j).build();
                submitted.add(submitters.submit(() -> client.submit(options.jar(), spec)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : submitted) {
                try {
                    ids.add(id.get());
                } catch (java.util.concurrent.ExecutionException e) { // a refusal is a figure too, not the end of the run
                    refused++;
                    System.err.println("simulator: a submission was refused: " + e.getCause());
                }
            }
            return ids;
        } finally {
            submitters.shutdownNow();
        }
    }

    /** Lists the jobs every 250 ms until all of {@code ids} ended or the timeout passed; their last statuses. */
    private Map<String, JobStatus> follow(GristmillClient client, List<String> ids, Fairness fairness) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(options.timeoutSeconds()).toNanos();
        java.util.Set<String> ours = new java.util.HashSet<>(ids);
        while (true) {
            Map<String, JobStatus> now = new LinkedHashMap<>();
            for (JobStatus job : client.jobs()) {
                if (ours.contains(job.id())) {
                    now.put(job.id(), job);
                }
            }
            fairness.sample(now.values(), options.slots());
            if (now.values().stream().allMatch(j -> j.state().isTerminal()) || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(250);
        }
    }

    private static JobFigures figures(GristmillClient client, JobStatus job) throws Exception {
        long firstStart = Long.MAX_VALUE;
        int tasks = 0;
        for (TaskStatus task : client.tasks(job.id())) {
            tasks++;
            for (AttemptStatus attempt : task.attempts()) {
                if (attempt.startedAt() > 0) {
                    firstStart = Math.min(firstStart, attempt.startedAt());
                }
            }
        }
        double wait = firstStart == Long.MAX_VALUE ? -1 : (firstStart - job.submittedAt()) / 1000.0;
        double plan = job.startedAt() > 0 ? (job.startedAt() - job.submittedAt()) / 1000.0 : -1;
        double run = firstStart == Long.MAX_VALUE || job.finishedAt() == 0 ? -1 : (job.finishedAt() - firstStart) / 1000.0;
        return new JobFigures(job.id(), job.state().name(), wait, plan, run, tasks);
    }

    private void awaitWorkers(GristmillClient client, int workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            long live = client.workers().stream().filter(WorkerStatus::alive).count();
            if (live >= workers) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the simulated workers did not all register within 5 minutes");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
