package io.gristmill.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Builds Vert.x instances. The local mode runs on a plain Vert.x; the clustered mode (the one place that builds the
 * Hazelcast configuration) joins the Hazelcast cluster.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** A non-clustered Vert.x for {@code gristmill local} and in-process tests. */
    public static Vertx localVertx() {
        return Vertx.vertx(baseOptions());
    }

    static VertxOptions baseOptions() {
        // Job code never runs on the event loop, but planning and commit can take a few seconds on big inputs.
        return new VertxOptions().setMaxWorkerExecuteTime(5).setMaxWorkerExecuteTimeUnit(java.util.concurrent.TimeUnit.MINUTES);
    }

    /** Closes Vert.x, ignoring a failure to close (used on shutdown paths). */
    public static Future<Void> closeQuietly(Vertx vertx) {
        return vertx.close().recover(e -> Future.succeededFuture());
    }
}
