package io.gristmill.simulator;

import io.gristmill.cluster.Bootstrap;
import io.gristmill.cluster.ClusterSettings;
import io.gristmill.cluster.ClusteredNode;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One simulated machine: a clustered Vert.x node (its own Hazelcast member) in this JVM, hosting several
 * {@link SimWorker}s, each a verticle on the node's event loops. The workers register with the node's id, as real
 * workers do, so that the coordinator sees them all go at once when the member leaves ({@link #crash}).
 */
final class SimHost {
    private final int index;
    private final ClusteredNode node;
    private final List<SimWorker> workers = new ArrayList<>();

    private SimHost(int index, ClusteredNode node) {
        this.index = index;
        this.node = node;
    }

    /** Joins the coordinator's cluster through {@code join} ({@code host:port}) and starts {@code workers} workers. */
    static SimHost start(int index, String clusterName, String join, int workers, int slots, TaskTimeModel mapTimes,
                         TaskTimeModel reduceTimes, BusCounters bus, long seed) throws Exception {
        ClusterSettings settings = new ClusterSettings(clusterName, "127.0.0.1", 0, 0, List.of(join), Duration.ofSeconds(10));
        ClusteredNode node = Bootstrap.clustered(settings).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        SimHost host = new SimHost(index, node);
        List<Future<String>> deployed = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            SimWorker worker = new SimWorker("sim-h" + index + "-w" + w, node.nodeId(), slots, mapTimes, reduceTimes, bus,
                    seed * 1_000_003L + index * 10_007L + w);
            host.workers.add(worker);
            deployed.add(node.vertx().deployVerticle(worker));
        }
        Future.all(deployed).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        return host;
    }

    int index() {
        return index;
    }

    List<SimWorker> workers() {
        return workers;
    }

    /**
     * The machine dies: its Hazelcast member terminates without the graceful hand-over (the others see it gone within
     * a second, as after {@code kill -9}), then its Vert.x closes; its workers say nothing more.
     */
    void crash() {
        workers.forEach(SimWorker::silence);
        node.leaveClusterNow();
        node.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Leaves the cluster in an orderly way (end of a run). */
    void close() {
        node.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
