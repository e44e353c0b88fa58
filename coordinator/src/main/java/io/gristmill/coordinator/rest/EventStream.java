package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.WorkerStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /api/v1/events[?job=ID]}: server-sent events for the console. On connect it sends a {@code snapshot}
 * event at once (jobs newest first, workers, and with {@code job} that job and its tasks); then every
 * {@value #PERIOD_MS} ms it looks again and sends a {@code changes} event with only the jobs, workers and tasks that
 * changed or went (see {@link ConsoleState#changesSince}), if any did. A reader too slow to keep up gets a fresh
 * snapshot once it has caught up, since changes it missed cannot be applied. A comment line every
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

    /** One open stream: its timer and the last state it sent. */
    private final class Connection {
        private final HttpServerResponse response;
        private final String jobId;
        private ConsoleState last;
        private boolean missedChanges;
        private long lastWrite;
        private long timer;
        private boolean closed;

        Connection(HttpServerResponse response, String jobId) {
            this.response = response;
            this.jobId = jobId;
        }

        void start(ConsoleState snapshot) {
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
                if (ar.succeeded() && (last == null || missedChanges)) {
                    send(ar.result(), null);
                    return;
                }
                String changes = ar.succeeded() ? ar.result().changesSince(last) : null;
                if (changes != null) {
                    send(ar.result(), changes);
                } else if (System.currentTimeMillis() - lastWrite >= KEEPALIVE_MS) {
                    write(": keepalive\n\n");
                }
            });
        }

        private void send(ConsoleState snapshot) {
            send(snapshot, null);
        }

        /** Sends {@code changes} since the last state sent, or the whole {@code state} if there are none to send. */
        private void send(ConsoleState state, String changes) {
            // the server's clock lets the console show ages (heartbeats, durations) without trusting its own clock
            String time = "{\"serverTime\":" + System.currentTimeMillis();
            String event = changes == null ? "event: snapshot\ndata: " + time + ",\"snapshot\":" + state.snapshot() + "}\n\n"
                    : "event: changes\ndata: " + time + ",\"changes\":" + changes + "}\n\n";
            if (write(event)) {
                last = state;
                missedChanges = false;
            } else {
                missedChanges = true; // the reader lags: once it caught up it gets the whole state again
            }
        }

        private boolean write(String text) {
            if (response.writeQueueFull()) {
                return false;
            }
            lastWrite = System.currentTimeMillis();
            response.write(text).onFailure(e -> close());
            return true;
        }

        private void close() {
            if (!closed) {
                closed = true;
                vertx.cancelTimer(timer);
            }
        }
    }

    /** The console's state: {@code jobs}, {@code workers}, and with a job id {@code job} + {@code tasks}. */
    private Future<ConsoleState> snapshot(String jobId) {
        Future<List<JobStatus>> jobs = coordinator.jobs().map(EventStream::newestFirst);
        Future<List<WorkerStatus>> workers = coordinator.workers();
        Future<JobStatus> job = jobId == null ? Future.succeededFuture() : coordinator.job(jobId);
        Future<List<JobStatus.TaskStatus>> tasks = jobId == null ? Future.succeededFuture() : coordinator.tasks(jobId);
        return Future.all(jobs, workers, job, tasks).map(all -> ConsoleState.of(jobs.result(), JobStatus::id,
                workers.result(), WorkerStatus::id, job.result(), tasks.result(), JobStatus.TaskStatus::taskId));
    }

    private static List<JobStatus> newestFirst(List<JobStatus> jobs) {
        return jobs.stream()
                .sorted(Comparator.comparingLong(JobStatus::submittedAt).thenComparing(JobStatus::id).reversed())
                .toList();
    }
}
