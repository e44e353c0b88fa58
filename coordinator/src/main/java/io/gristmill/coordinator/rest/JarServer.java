package io.gristmill.coordinator.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.Objects;

/**
 * A second, small HTTP server that serves only what workers download — job jars and side files
 * ({@link RestApi#jarRouter()}) — on the coordinator's cluster address. Workers on other hosts must download them
 * from an address they can reach; when the REST API listens on loopback only (the safe default), this server is how
 * they get them without opening the API.
 */
public final class JarServer {
    private final Vertx vertx;
    private final RestApi api;
    private HttpServer server;

    public JarServer(Vertx vertx, RestApi api) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.api = Objects.requireNonNull(api, "api");
    }

    /** Starts listening on {@code host:port} (port 0: any free port) and completes with the bound port. */
    public synchronized Future<Integer> start(String host, int port) {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("already started on port " + server.actualPort()));
        }
        HttpServer created = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(api.jarRouter()).invalidRequestHandler(InvalidRequests::answer);
        server = created;
        return created.listen().map(HttpServer::actualPort).recover(e -> {
            synchronized (this) {
                server = null;
            }
            return Future.failedFuture(new IllegalStateException("cannot serve job jars on " + host + ":" + port
                    + " (" + e.getMessage() + "); choose another port with --jar-port", e));
        });
    }

    /** Stops listening; completes at once when not started. */
    public synchronized Future<Void> close() {
        if (server == null) {
            return Future.succeededFuture();
        }
        HttpServer closing = server;
        server = null;
        return closing.close();
    }
}
