package io.gristmill.coordinator.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What a standby coordinator serves on the REST port while another coordinator is active: {@code /health} answers
 * 200 with {@code {"status": "standby", "active": URL}}, and every other request 503 with
 * {@code {"error": "this coordinator is a standby", "active": URL}}, so that clients given several coordinator URLs
 * move on to the active one. Nothing here reads a request body or needs the token: it reveals only where the active
 * coordinator is, which every worker knows anyway.
 * <p>
 * When this coordinator becomes the active one, the same server goes on to serve its API ({@link #handOver}): the port
 * clients were told is never closed and bound again, so they see 503 until the API is ready and never a refused
 * connection (and closing a server while clients kept connecting made Vert.x fail accepted connections for seconds).
 */
public final class StandbyServer {
    private final Vertx vertx;
    private final Supplier<CompletionStage<String>> activeUrl;
    private HttpServer server;
    /** The active coordinator's API once this one has taken over; null while standing by. */
    private volatile Handler<HttpServerRequest> api;

    /**
     * @param activeUrl reads the active coordinator's REST URL (null while unknown) without blocking: the read may
     *                  wait on the cluster, and the request with it, but never the event loop
     */
    public StandbyServer(Vertx vertx, Supplier<CompletionStage<String>> activeUrl) {
        this.vertx = vertx;
        this.activeUrl = activeUrl;
    }

    /** Listens on {@code host:port} (0: any free port) and completes with the bound port. */
    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer(RestServer.options(host, port)).requestHandler(request -> {
            Handler<HttpServerRequest> taken = api;
            if (taken != null) {
                taken.handle(request);
                return;
            }
            Future.fromCompletionStage(activeUrl.get(), vertx.getOrCreateContext()).otherwiseEmpty()
                    .onComplete(read -> answer(request, read.result()));
        }).invalidRequestHandler(InvalidRequests::answer);
        return server.listen().map(HttpServer::actualPort);
    }

    private static void answer(HttpServerRequest request, String active) {
        boolean health = "/health".equals(request.path());
        JsonObject body = health ? new JsonObject().put("status", "standby").put("active", active)
                : new JsonObject().put("error", "this coordinator is a standby"
                + (active == null ? "" : "; the active coordinator is " + active)).put("active", active);
        request.response().setStatusCode(health ? 200 : 503).putHeader("Content-Type", "application/json")
                .putHeader("Retry-After", "1").end(body.encode());
    }

    /**
     * From now on this server serves {@code restApi}, as a {@link RestServer} on {@code host} would.
     *
     * @throws IllegalArgumentException when {@code host} is not loopback and the API has no bearer token
     */
    public void handOver(RestApi restApi, String host) {
        RestServer.requireTokenOffLoopback(host, restApi);
        api = restApi.router();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
