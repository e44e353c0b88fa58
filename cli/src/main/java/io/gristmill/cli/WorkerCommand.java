package io.gristmill.cli;

import io.gristmill.cluster.Bootstrap;
import io.gristmill.cluster.ClusteredNode;
import io.gristmill.cluster.Durations;
import io.gristmill.worker.WorkerConfig;
import io.gristmill.worker.WorkerVerticle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code gristmill worker}: joins a cluster and runs the tasks the coordinator gives it until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Starts a worker that joins the cluster through HOST:PORT and runs tasks.")
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "A cluster member to join through (the coordinator's --cluster-host:--cluster-port); "
                    + "required unless members are found through Kubernetes (--k8s-namespace, --k8s-service).")
    List<String> join = List.of();

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "0",
            description = "This worker's Hazelcast port (default: any free port).")
    int clusterPort;

    @Option(names = "--slots", paramLabel = "N", description = "Tasks run at once (default: cores).")
    int slots = Runtime.getRuntime().availableProcessors();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where map outputs live (default: a temporary folder).")
    Path workDir;

    @Option(names = "--shuffle-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the shuffle HTTP server (default: any free port).")
    int shufflePort;

    @Option(names = "--cancel-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "An attempt told to stop that still runs this long after is stuck; when stuck attempts hold"
                    + " every slot, or one is still stuck after as long again, the worker exits with status "
                    + WorkerVerticle.EXIT_STUCK + " so that its supervisor restarts it, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    String cancelTimeout;

    @Option(names = "--port-file", paramLabel = "FILE", description = "Write the bound ports here as key=value lines.")
    Path portFile;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    S3Options s3;

    @Override
    public Integer call() throws Exception {
        io.gristmill.cluster.FaultInjection.warnIfSet();
        Duration cancel;
        try {
            s3.apply();
            cancel = Durations.parse(cancelTimeout);
            if (cancel.isZero()) {
                throw new IllegalArgumentException("--cancel-timeout must be more than 0");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        io.gristmill.cluster.ClusterSettings settings;
        try {
            if (join.isEmpty() && !cluster.discoversThroughKubernetes()) {
                throw new IllegalArgumentException("give --join HOST:PORT (or --k8s-namespace and --k8s-service)");
            }
            settings = cluster.settings(clusterPort, join);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Path work = workDir != null ? workDir : Files.createTempDirectory("gristmill-worker-");
        ClusteredNode node = Bootstrap.clustered(settings)
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> leaveAndClose(node, stopped), "gristmill-worker-exit"));
        WorkerVerticle worker = new WorkerVerticle(new WorkerConfig(slots, work, cluster.clusterHost, shufflePort,
                Duration.ofSeconds(1), node.nodeId(), cancel, true));
        node.vertx().deployVerticle(worker).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        PortFile.write(portFile, Map.of("cluster", node.clusterPort(), "bus", node.busPort(), "shuffle", worker.shufflePort(),
                "worker", worker.workerId()));
        System.err.println("gristmill worker " + worker.workerId() + " joined cluster '" + cluster.clusterName + "' with "
                + slots + " slots");
        stopped.await();
        return 0;
    }

    /**
     * On any exit (a signal, or {@code System.exit} from job code or from the stuck-attempt rule): leave the
     * Hazelcast cluster at once, so that the coordinator sees the member leave within a second instead of at its
     * heartbeat timeout, then close Vert.x, which may take seconds. vertx-hazelcast turns Hazelcast's own shutdown
     * hook off, and a Vert.x close leaves the cluster only at its end.
     */
    private static void leaveAndClose(ClusteredNode node, CountDownLatch stopped) {
        try {
            node.leaveClusterNow();
            node.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        } finally {
            stopped.countDown();
        }
    }
}
