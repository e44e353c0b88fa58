package io.gristmill.coordinator.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An HTTP server for a {@link RestApi}. Following DESIGN.md "Security defaults", it refuses to listen on an
 * address that is not loopback unless a bearer token is configured.
 */
public final class RestServer {
    private final Vertx vertx;
    private final RestApi api;
    private HttpServer server;

    public RestServer(Vertx vertx, RestApi api) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.api = Objects.requireNonNull(api, "api");
    }

    /** Starts listening on {@code host:port} (port 0: any free port) and completes with the bound port. */
    public synchronized Future<Integer> start(String host, int port) {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("already started on port " + server.actualPort()));
        }
        try {
            requireTokenOffLoopback(host, api);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        HttpServer created = vertx.createHttpServer(options(host, port)).requestHandler(api.router())
                .invalidRequestHandler(InvalidRequests::answer);
        server = created;
        return created.listen().map(HttpServer::actualPort).onFailure(e -> {
            synchronized (this) {
                server = null;
            }
        });
    }

    /** How the REST port is served, whoever serves it (see {@link StandbyServer}). */
    static HttpServerOptions options(String host, int port) {
        return new HttpServerOptions().setHost(host).setPort(port)
                .setMaxFormAttributeSize(RestConfig.SPEC_FIELD_LIMIT); // Vert.x's 8 KiB is too small for a spec
    }

    /** DESIGN.md "Security defaults": the API is served off loopback only with a bearer token. */
    static void requireTokenOffLoopback(String host, RestApi api) {
        if (api.config().bearerToken() == null && !isLoopback(host)) {
            throw new IllegalArgumentException("listening on " + host + " (not loopback) requires a bearer token");
        }
    }

    /** The bound port, or -1 when not listening. */
    public synchronized int port() {
        return server == null ? -1 : server.actualPort();
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

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(RestConfig.hostName(host)).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
