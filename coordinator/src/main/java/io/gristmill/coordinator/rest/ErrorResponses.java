package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.SpecException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Turns failures into JSON errors {@code {"error": "...", "field": "..."}}: {@link SpecException} and bad input 400,
 * unknown id 404 ({@link NoSuchElementException}), wrong state 409 ({@link IllegalStateException}), anything
 * unexpected 500 (logged, details not sent).
 */
final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** The router's failure handler: answers {@code ctx.failure()} or, without one, {@code ctx.statusCode()}. */
    static void handleFailure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Throwable failure = ctx.failure();
        if (failure == null) {
            int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            send(ctx, status, null, describe(status));
        } else {
            send(ctx, failure);
        }
    }

    /** Answers with the status and message that fit {@code failure}. */
    static void send(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ApiException e) {
            send(ctx, e.status(), e.field(), e.getMessage());
        } else if (failure instanceof SpecException e) {
            send(ctx, 400, e.field(), e.getMessage());
        } else if (failure instanceof NoSuchElementException) {
            send(ctx, 404, null, failure.getMessage());
        } else if (failure instanceof IllegalStateException) {
            send(ctx, 409, null, failure.getMessage());
        } else {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            send(ctx, 500, null, "internal error");
        }
    }

    static void send(RoutingContext ctx, int status, String field, String message) {
        if (ctx.response().ended()) {
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message == null ? describe(status) : message);
        if (field != null) {
            body.put("field", field);
        }
        Responses.json(ctx, status, body);
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            default -> "request failed with status " + status;
        };
    }
}
