package io.gristmill.coordinator.rest;

import io.gristmill.cluster.metrics.Metrics;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.CoordinatorVerticle.AttemptLogSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} (the coordinator's metrics, Prometheus text format) and
 * {@code GET /api/v1/jobs/{id}/tasks/{task}/attempts/{attempt}/log} (an attempt's log, fetched from the shuffle HTTP
 * server of the worker that ran it). Mounted on the API router by {@link RestApi}.
 */
final class ObservabilityRoutes {
    static final String METRICS = "/metrics";
    static final String ATTEMPT_LOG = RestApi.JOBS + "/:id/tasks/:task/attempts/:attempt/log";
    private static final long LOG_TIMEOUT_MILLIS = 15_000;

    private final Vertx vertx;
    private final CoordinatorVerticle coordinator;
    private HttpClient client;

    ObservabilityRoutes(Vertx vertx, CoordinatorVerticle coordinator) {
        this.vertx = vertx;
        this.coordinator = coordinator;
    }

    void mount(Router router) {
        router.get(METRICS).handler(this::metrics);
        router.get(ATTEMPT_LOG).handler(this::attemptLog);
    }

    private void metrics(RoutingContext ctx) {
        coordinator.scrapeMetrics().onComplete(ar -> {
            if (ar.failed()) {
                ErrorResponses.send(ctx, ar.cause());
            } else {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Metrics.CONTENT_TYPE)
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(Buffer.buffer(ar.result()));
            }
        });
    }

    private void attemptLog(RoutingContext ctx) {
        coordinator.attemptLogSource(ctx.pathParam("id"), ctx.pathParam("task"), ctx.pathParam("attempt"))
                .compose(this::fetch)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ErrorResponses.send(ctx, ar.cause());
                    } else {
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(ar.result());
                    }
                });
    }

    /** Gets the log from the worker's HTTP server; a worker that is gone gives 410 (dead) or 502 (alive). */
    private Future<Buffer> fetch(AttemptLogSource source) {
        if (source.host() == null || source.port() <= 0) {
            return Future.failedFuture(new ApiException(404, null, "worker " + source.workerId() + " that ran "
                    + source.attemptId() + " serves no logs over HTTP"));
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(source.host())
                .setPort(source.port()).setTimeout(LOG_TIMEOUT_MILLIS)
                .setURI("/logs/" + encode(source.jobId()) + "/" + encode(source.attemptId()))
                .putHeader(RestApi.SECRET_HEADER, coordinator.logSecret());
        return client().request(request)
                .compose(req -> req.send())
                .compose(response -> response.body().compose(body -> {
                    if (response.statusCode() == 200) {
                        return Future.succeededFuture(body);
                    }
                    if (response.statusCode() == 404) {
                        return Future.failedFuture(new ApiException(404, null, "worker " + source.workerId()
                                + " has no log of attempt " + source.attemptId()));
                    }
                    return Future.failedFuture(new ApiException(502, null, "worker " + source.workerId()
                            + " answered HTTP " + response.statusCode() + " for the log of " + source.attemptId()));
                }))
                .recover(e -> Future.failedFuture(e instanceof ApiException ? e : unreachable(source, e)));
    }

    private static ApiException unreachable(AttemptLogSource source, Throwable e) {
        return source.workerAlive()
                ? new ApiException(502, null, "cannot reach worker " + source.workerId() + " for the log of "
                        + source.attemptId() + ": " + e.getMessage())
                : new ApiException(410, null, "worker " + source.workerId() + " that ran " + source.attemptId()
                        + " is gone: its logs went with it");
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true));
        }
        return client;
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
