package io.gristmill.cli;

import io.gristmill.coordinator.rest.RestApi;
import io.gristmill.coordinator.rest.RestConfig;
import io.gristmill.coordinator.rest.RestServer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The console of {@code gristmill local}: the coordinator's own {@link RestApi} (REST, console pages, live events)
 * over the in-process coordinator, on 127.0.0.1. A console that cannot listen is not worth failing a job for: it
 * says so in one line and the job runs without one.
 */
final class LocalConsole implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final RestServer server;
    private final int port;

    private LocalConsole(RestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Serves the console of {@code cluster} on the first free port of {@code asked} and prints its URL on
     * {@code err} (stdout may carry the job's output); {@code stateDir} takes jars uploaded through the console.
     */
    static LocalConsole start(LocalCluster cluster, ConsolePort asked, Path stateDir, PrintStream err) throws Exception {
        if (asked.isOff()) {
            return new LocalConsole(null, -1);
        }
        RestServer server = new RestServer(cluster.vertx(),
                new RestApi(cluster.vertx(), cluster.coordinator(), RestConfig.defaults(stateDir, HOST)));
        List<Integer> ports = asked.candidates();
        Throwable failure = null;
        for (int port : ports) {
            try {
                int bound = server.start(HOST, port).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
                err.println("gristmill local: console on " + JarUrlChoice.url(HOST, bound));
                return new LocalConsole(server, bound);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
        }
        err.println("gristmill local: no console (" + tried(ports) + ": "
                + io.gristmill.cluster.Failures.describe(failure) + "); the job runs without one");
        return new LocalConsole(null, -1);
    }

    private static String tried(List<Integer> ports) {
        return ports.size() == 1 ? "port " + ports.get(0) : "ports " + ports.get(0) + "-" + ports.get(ports.size() - 1);
    }

    boolean isServing() {
        return server != null;
    }

    String url() {
        return JarUrlChoice.url(HOST, port);
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
