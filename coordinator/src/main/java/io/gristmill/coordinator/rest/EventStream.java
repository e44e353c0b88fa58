package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.Page;
import io.gristmill.coordinator.WorkerStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code GET /api/v1/events[?lists=jobs,workers][&state=S][&alive=B][&offset=N&limit=N][&job=ID[&taskState=S]
 * [&taskType=T][&taskOffset=N&taskLimit=N]]}: server-sent events for the console. {@code lists} names the lists the
 * page shows (default both; empty: none), each filtered and paged like {@code GET /api/v1/jobs} and
 * {@code /api/v1/workers} ({@link ListQuery}), and {@code job}'s tasks like {@code GET /api/v1/jobs/{id}/tasks}
 * ({@link TaskQuery}, its parameters prefixed with {@code task}; up to {@value ListQuery#MAX_LIMIT} tasks when no
 * {@code taskLimit} is given), so a console page asks for the 100 rows it shows, whatever the size of the cluster or
 * the job. On connect it sends a {@code snapshot} event at once (each list's page and its filtered length, and with
 * {@code job} that job and a page of its tasks with their filtered length); then every {@value #PERIOD_MS} ms it
 * looks again and sends a {@code changes} event with only the rows that changed or went, the page's order when it
 * changed, and the lengths that changed (see {@link ConsoleState#changesSince}), if anything did. A reader too slow
 * to keep up gets a fresh snapshot once it has caught up, since changes it missed cannot be applied. A comment line
 * every {@value #KEEPALIVE_MS} ms keeps idle connections open. An unknown {@code job} or a bad parameter answers 404
 * or 400 before the stream starts.
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

    /** What one stream carries: which lists, filtered and paged how, and which job with which of its tasks. */
    private record Selection(boolean jobs, boolean workers, ListQuery query, String jobId, TaskQuery tasks) {
        static Selection of(RoutingContext ctx) {
            String lists = ctx.request().getParam("lists");
            java.util.Set<String> named = lists == null ? java.util.Set.of("jobs", "workers")
                    : java.util.Arrays.stream(lists.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(java.util.stream.Collectors.toSet());
            for (String list : named) {
                if (!list.equals("jobs") && !list.equals("workers")) {
                    throw new ApiException(400, "lists", "no list '" + list + "'; lists are jobs and workers");
                }
            }
            return new Selection(named.contains("jobs"), named.contains("workers"), ListQuery.of(ctx),
                    ctx.request().getParam("job"), TaskQuery.of(ctx, "task", ListQuery.MAX_LIMIT));
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        Selection selection;
        try {
            selection = Selection.of(ctx);
        } catch (ApiException e) {
            ErrorResponses.send(ctx, e);
            return;
        }
        snapshot(selection).onComplete(first -> {
            if (first.failed()) {
                ErrorResponses.send(ctx, first.cause());
                return;
            }
            HttpServerResponse response = ctx.response()
                    .setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .putHeader("X-Accel-Buffering", "no");
            new Connection(response, selection).start(first.result());
        });
    }

    /** One open stream: its timer and the last state it sent. */
    private final class Connection {
        private final HttpServerResponse response;
        private final Selection selection;
        private ConsoleState last;
        private boolean missedChanges;
        private long lastWrite;
        private long timer;
        private boolean closed;

        Connection(HttpServerResponse response, Selection selection) {
            this.response = response;
            this.selection = selection;
        }

        void start(ConsoleState snapshot) {
            response.closeHandler(v -> close());
            response.exceptionHandler(e -> close());
            response.write("retry: 2000\n\n");
            send(snapshot);
            timer = vertx.setPeriodic(PERIOD_MS, id -> tick());
        }

        private void tick() {
            snapshot(selection).onComplete(ar -> {
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

    /** The console's state for {@code selection}: the pages of its lists, and its job with a page of its tasks. */
    private Future<ConsoleState> snapshot(Selection selection) {
        ListQuery query = selection.query();
        Future<Page<JobStatus>> jobs = selection.jobs()
                ? coordinator.jobsPage(query.state(), query.offset(), query.limit()) : Future.succeededFuture();
        Future<Page<WorkerStatus>> workers = selection.workers()
                ? coordinator.workersPage(query.alive(), query.offset(), query.limit()) : Future.succeededFuture();
        String jobId = selection.jobId();
        Future<JobStatus> job = jobId == null ? Future.succeededFuture() : coordinator.job(jobId);
        TaskQuery taskQuery = selection.tasks();
        // a job whose tasks are no longer kept (an earlier run's, or given up for newer ones') shows its status alone
        Future<Page<JobStatus.TaskStatus>> tasks = jobId == null ? Future.succeededFuture()
                : job.compose(known -> coordinator.tasksPage(jobId, taskQuery.type(), taskQuery.state(),
                        taskQuery.offset(), taskQuery.limit()).recover(e -> e instanceof NoSuchElementException
                        ? Future.succeededFuture(new Page<>(List.of(), 0)) : Future.failedFuture(e)));
        return Future.all(jobs, workers, job, tasks).map(all -> ConsoleState.of(jobs.result(), JobStatus::id,
                workers.result(), WorkerStatus::id, job.result(), tasks.result(), JobStatus.TaskStatus::taskId));
    }
}
