package io.gristmill.simulator;

import io.gristmill.client.GristmillClient;
import io.gristmill.client.JobSpec;
import io.gristmill.client.JobState;
import io.gristmill.client.JobStatus;
import io.gristmill.client.WorkerStatus;
import io.gristmill.cluster.Bootstrap;
import io.gristmill.cluster.ClusterSettings;
import io.gristmill.cluster.ClusteredNode;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.rest.RestApi;
import io.gristmill.coordinator.rest.RestConfig;
import io.gristmill.coordinator.rest.RestServer;
import io.gristmill.simulator.testjobs.SimNoopJob;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness against a real coordinator, in this JVM for speed (the simulator itself drives a coordinator
 * process): 20 one-line files, 2 reducers, 2 simulated workers of 2 slots on 2 Hazelcast members, in this JVM or in
 * two child JVMs (where one host is crashed mid-map: the crash runs the same code in a child as in one JVM).
 */
class SimulatedClusterTest {
    @TempDir
    Path dir;
    private ClusteredNode coordinatorNode;
    private RestServer rest;
    private GristmillClient client;
    private SimulatedHosts cluster;
    private final BusCounters bus = new BusCounters();

    @BeforeEach
    void startCoordinator() throws Exception {
        String name = "sim-test-" + System.nanoTime();
        coordinatorNode = await(Bootstrap.clustered(new ClusterSettings(name, "127.0.0.1", 0, 0, List.of(),
                Duration.ofSeconds(10))));
        CoordinatorVerticle coordinator = new CoordinatorVerticle(CoordinatorConfig.defaults()
                .withStateDir(dir.resolve("state")).withPlanningInProcess());
        await(coordinatorNode.vertx().deployVerticle(coordinator));
        coordinatorNode.onMemberLeft(coordinator::memberLeft);
        rest = new RestServer(coordinatorNode.vertx(), new RestApi(coordinatorNode.vertx(), coordinator,
                RestConfig.defaults(dir.resolve("state"), "127.0.0.1")));
        int port = await(rest.start("127.0.0.1", 0));
        client = GristmillClient.builder().coordinators("http://127.0.0.1:" + port).build();
    }

    private void startWorkers(int workers, TaskTimeModel times) throws Exception {
        cluster = SimCluster.start(clusterName(), clusterAddress(), 2, workers, 2, times, times, bus, 1);
        awaitWorkers(workers);
    }

    private String clusterName() {
        return coordinatorNode.hazelcast().getConfig().getClusterName();
    }

    private String clusterAddress() {
        return "127.0.0.1:" + coordinatorNode.clusterPort();
    }

    private void awaitWorkers(int workers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.workers().stream().filter(WorkerStatus::alive).count() < workers && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling with a deadline
        }
        assertEquals(workers, client.workers().stream().filter(WorkerStatus::alive).count(),
                "the simulated workers did not all register within 60 s");
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        await(rest.close());
        await(coordinatorNode.close());
    }

    @Test
    void aJobRunsToTheEndOnSimulatedWorkersAndEveryMapOutputReachesTheReducers() throws Exception {
        startWorkers(2, TaskTimeModel.ZERO);
        JobStatus job = runJob(20, 2, new FailurePlan());

        assertEquals(JobState.SUCCEEDED, job.state(), job.error());
        assertEquals(20, job.maps().succeeded());
        assertEquals(2, job.reduces().succeeded());
        // the coordinator's real job commit moved the simulated reducers' committed files
        assertTrue(Files.exists(Path.of(job.output(), "part-r-00000")));
        assertTrue(Files.exists(Path.of(job.output(), "_SUCCESS")));
        Map<String, BusCounters.Tally> traffic = bus.snapshot();
        assertTrue(traffic.get("coordinator->worker RUN").messages() >= 2, traffic.toString());
        assertTrue(traffic.get("worker->coordinator COMMIT").messages() >= 1, traffic.toString());
    }

    @Test
    void hostsSpreadOverChildJvmsRunAJob_surviveACrashOrderedThroughTheirStdin_andReportTheirTraffic() throws Exception {
        SimOptions options = SimOptions.parse(new String[]{"--jar", "job.jar", "--hosts", "2", "--host-jvms", "2",
                "--task-millis", "100"});
        cluster = SimulatedHosts.start(options, clusterName(), clusterAddress(), 2, bus, dir);
        awaitWorkers(2);
        FailurePlan failures = new FailurePlan();
        failures.add(FailurePlan.Kind.KILL_HOSTS, "1@maps:0.3");
        JobStatus job = runJob(20, 2, failures);

        assertEquals(JobState.SUCCEEDED, job.state(), job.error());
        assertTrue(failures.summary().contains("1 workers lost"), failures.summary());
        Map<String, BusCounters.Tally> traffic = cluster.traffic(); // counted in the children, summed here
        assertTrue(traffic.get("coordinator->worker RUN").messages() >= 2, traffic.toString());
        assertTrue(Files.exists(dir.resolve("host-jvm-0.log")));
    }

    private JobStatus runJob(int maps, int reduces, FailurePlan failures) throws Exception {
        Path input = InputFiles.ensure(dir, maps);
        String id = client.submit(jobJar(), JobSpec.builder().input(input.toString())
                .output(dir.resolve("out").toString()).reducers(reduces).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JobStatus job = client.job(id);
        while (!job.state().isTerminal() && System.nanoTime() < deadline) {
            failures.apply(job, cluster);
            Thread.sleep(20);
            job = client.job(id);
        }
        return job;
    }

    private Path jobJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Gristmill-Job", SimNoopJob.class.getName());
        Path jar = dir.resolve("job.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            String entry = SimNoopJob.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = SimNoopJob.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        return jar;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
}
