package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobStatus.TaskStatus;
import io.gristmill.coordinator.TaskSelection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Answers {@code GET /api/v1/jobs/{id}/tasks} a slice of {@link #SLICE} tasks at a time: the coordinator turns one
 * slice into statuses on its event loop, the HTTP server's event loop serializes and writes it, and the next slice is
 * asked for once the response has room. Without parameters the list holds every task of the job; at 205,000 tasks
 * (80 MB of JSON) built and serialized at once on the coordinator's event loop, a job status read during it waited
 * 2.6 s (bench/README.md, "The whole list"). The filter is applied once, before the first byte
 * ({@link TaskSelection}); a job forgotten while its list is written resets the connection, so that a client never
 * takes half a list for a whole one.
 */
final class TaskListResponse {
    static final int SLICE = 500;
    private static final Logger log = LoggerFactory.getLogger(TaskListResponse.class);

    private final RoutingContext ctx;
    private final CoordinatorVerticle coordinator;
    private final String jobId;
    private final TaskQuery query;
    private final Context requestContext;

    private TaskListResponse(RoutingContext ctx, CoordinatorVerticle coordinator, String jobId, TaskQuery query) {
        this.ctx = ctx;
        this.requestContext = ctx.vertx().getOrCreateContext(); // the HTTP server's event loop: we are called on it
        this.coordinator = coordinator;
        this.jobId = jobId;
        this.query = query;
    }

    static void send(RoutingContext ctx, CoordinatorVerticle coordinator, String jobId, TaskQuery query) {
        new TaskListResponse(ctx, coordinator, jobId, query).start();
    }

    private void start() {
        onRequestContext(coordinator.taskSelection(jobId, query.type(), query.state(), query.offset(), query.limit()))
                .onSuccess(selection -> {
                    ctx.response()
                            .setStatusCode(200)
                            .setChunked(true)
                            .putHeader(ListQuery.TOTAL_COUNT, Integer.toString(selection.total()))
                            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                            .write("[");
                    writeFrom(selection.positions(), 0);
                })
                .onFailure(e -> ErrorResponses.send(ctx, e));
    }

    /** Writes the slice of the selection from {@code from}, then the next once the response can take it. */
    private void writeFrom(int[] positions, int from) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return; // the client went away
        }
        if (from >= positions.length) {
            response.end("]");
            return;
        }
        int to = Math.min(from + SLICE, positions.length);
        onRequestContext(coordinator.tasksAt(jobId, query.type(), positions, from, to)).onComplete(slice -> {
            if (slice.failed()) {
                log.warn("{}: the task list was cut after {} of {} tasks: {}", jobId, from, positions.length,
                        slice.cause().toString());
                response.reset();
                return;
            }
            Buffer json;
            try {
                json = serialize(slice.result(), from > 0);
            } catch (JsonProcessingException e) {
                log.error("{}: cannot serialize tasks {} to {} of the task list", jobId, from, to, e);
                response.reset();
                return;
            }
            response.write(json);
            if (response.writeQueueFull()) {
                response.drainHandler(v -> writeFrom(positions, to));
            } else {
                writeFrom(positions, to);
            }
        });
    }

    /**
     * {@code result}, its callbacks run on the request's event loop: the coordinator completes it on its own, which
     * must not also serialize the answer.
     */
    private <T> Future<T> onRequestContext(Future<T> result) {
        Promise<T> here = Promise.promise();
        result.onComplete(ar -> requestContext.runOnContext(v -> here.handle(ar)));
        return here.future();
    }

    /** The slice's statuses as JSON array elements, led by a comma unless it is the first slice. */
    private static Buffer serialize(List<TaskStatus> statuses, boolean afterOthers) throws JsonProcessingException {
        Buffer json = Buffer.buffer(statuses.size() * 256);
        for (int i = 0; i < statuses.size(); i++) {
            if (afterOthers || i > 0) {
                json.appendByte((byte) ',');
            }
            json.appendBytes(Responses.MAPPER.writeValueAsBytes(statuses.get(i)));
        }
        return json;
    }
}
