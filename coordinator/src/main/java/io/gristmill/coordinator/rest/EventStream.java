package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/events[?job=ID]}: server-sent events for the console. On connect it sends a {@code snapshot}
 * event at once (jobs newest first, workers, and with {@code job} that job and its tasks); then every
 * {@value #PERIOD_MS} ms it builds the snapshot again and sends it only if it changed. A comment line every
 * {@value #KEEPALIVE_MS} ms keeps idle connections open. An unknown {@code job} answers 404 before the stream starts.
 */
final class EventStream implements Handler<RoutingContext> {
    static final long PERIOD_MS = 500;
    static final long KEEPALIVE_MS = 15_000;

    private final Vertx vertx;
    private final CoordinatorVerticle coordinator;

    EventStream(Vertx vertx, CoordinatorVerticle coordinator) {
        this.vertx = vertx;
        this.coordinator = coordinator;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String jobId = ctx.request().getParam("job");
        snapshot(jobId).onComplete(first -> {
            if (first.failed()) {
                ErrorResponses.send(ctx, first.cause());
                return;
            }
            HttpServerResponse response = ctx.response()
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .putHeader("X-Accel-Buffering", "no");
            new Connection(response, jobId).start(first.result());
        });
    }

    /** One open stream: its timer and the last snapshot it sent. */
    private final class Connection {
        private final HttpServerResponse response;
        private final String jobId;
        private String last;
        private long lastWrite;
        private long timer;
        private boolean closed;

        Connection(HttpServerResponse response, String jobId) {
            this.response = response;
            this.jobId = jobId;
        }

        void start(String snapshot) {
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            response.write("retry: 2000\n\n");
            send(snapshot);
            timer = vertx.setPeriodic(PERIOD_MS, id -> tick());
        }

        private void tick() {
            snapshot(jobId).onComplete(ar -> {
                if (closed) {
                    return;
                }
                if (ar.succeeded() && !ar.result().equals(last)) {
                    send(ar.result());
                } else if (System.currentTimeMillis() - lastWrite >= KEEPALIVE_MS) {
                    write(": keepalive\n\n");
                }
            });
        }

        private void send(String snapshot) {
            last = snapshot;
            // the server's clock lets the console show ages (heartbeats, durations) without trusting its own clock
            write("event: snapshot\ndata: {\"serverTime\":" + System.currentTimeMillis() + ",\"snapshot\":" + snapshot + "}\n\n");
        }

        private void write(String text) {
            if (response.writeQueueFull()) {
                return; // a slow reader: skip this one, the next change brings the whole state again
            }
            lastWrite = System.currentTimeMillis();
            response.write(text).onFailure(e -> close());
        }

        private void close() {
            if (!closed) {
                closed = true;
                vertx.cancelTimer(timer);
            }
        }
    }

    /** The console's state as one JSON text: {@code jobs}, {@code workers}, and with a job id {@code job} + {@code tasks}. */
    private Future<String> snapshot(String jobId) {
        Future<List<JobStatus>> jobs = coordinator.jobs().map(EventStream::newestFirst);
        Future<?> workers = coordinator.workers();
        Future<JobStatus> job = jobId == null ? Future.succeededFuture() : coordinator.job(jobId);
        Future<?> tasks = jobId == null ? Future.succeededFuture() : coordinator.tasks(jobId);
        return Future.all(jobs, workers, job, tasks).map(all -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobs", jobs.result());
            body.put("workers", workers.result());
            if (jobId != null) {
                body.put("job", job.result());
                body.put("tasks", tasks.result());
            }
            try {
                return Responses.MAPPER.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize the console snapshot", e);
            }
        });
    }

    private static List<JobStatus> newestFirst(List<JobStatus> jobs) {
        return jobs.stream()
                .sorted(Comparator.comparingLong(JobStatus::submittedAt).thenComparing(JobStatus::id).reversed())
                .toList();
    }
}
