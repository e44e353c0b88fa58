package io.gristmill.cli;

import io.gristmill.cluster.Bootstrap;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.worker.WorkerConfig;
import io.gristmill.worker.WorkerVerticle;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A coordinator and one worker with N slots in one JVM on a non-clustered Vert.x: what {@code gristmill local}
 * runs. They still talk only through event-bus messages, exactly as separate processes do.
 */
public final class LocalCluster implements AutoCloseable {
    private final Vertx vertx;
    private final CoordinatorVerticle coordinator;

    private LocalCluster(Vertx vertx, CoordinatorVerticle coordinator) {
        this.vertx = vertx;
        this.coordinator = coordinator;
    }

    /** Starts the coordinator, then the worker, and waits until the worker has registered. */
    public static LocalCluster start(int slots, Path workDir) throws Exception {
        Vertx vertx = Bootstrap.localVertx();
        try {
            CoordinatorVerticle coordinator = new CoordinatorVerticle(CoordinatorConfig.defaults().withPlanningInProcess());
            vertx.deployVerticle(coordinator)
                    .compose(id -> vertx.deployVerticle(new WorkerVerticle(WorkerConfig.local(slots, workDir))))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new LocalCluster(vertx, coordinator);
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    /** The Vert.x both run on; the console's HTTP server runs on it too. */
    public Vertx vertx() {
        return vertx;
    }

    public CoordinatorVerticle coordinator() {
        return coordinator;
    }

    @Override
    public void close() throws Exception {
        Bootstrap.closeQuietly(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
