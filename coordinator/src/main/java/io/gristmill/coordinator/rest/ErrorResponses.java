package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.SpecException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.InvalidPathException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Turns failures into JSON errors {@code {"error": "...", "field": "..."}}: {@link SpecException} and bad input 400
 * (also a path the file system cannot name, {@link InvalidPathException}, or text that is not in its charset,
 * {@link CharacterCodingException}: both can only come from what a client sent), unknown id 404
 * ({@link NoSuchElementException}), wrong state 409 ({@link IllegalStateException}), anything unexpected 500
 * (logged, details not sent).
 */
final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** The router's failure handler: answers {@code ctx.failure()} or, without one, {@code ctx.statusCode()}. */
    static void handleFailure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return; // answered already, e.g. an upload refused before its unfinished part failed
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset(); // half an answer: the client must not take it for a whole one
            return;
        }
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        if (failure == null) {
            status = status < 400 ? 500 : status;
            send(ctx, status, null, describe(status));
        } else if (status >= 400 && status < 500) {
            // vertx-web's own refusals of a request it cannot read (no Host, a broken multipart body) come as a 4xx
            // with an exception; the status is the verdict, the exception's message only says why
            send(ctx, status, null, describe(status) + ": " + failure.getMessage());
        } else {
            send(ctx, failure);
        }
    }

    /**
     * The failure handler of a route that reads a multipart body: a text field over
     * {@link RestConfig#SPEC_FIELD_LIMIT} (the only text field read is the spec) is 413 naming {@code spec}.
     * Vert.x reports it as a bare {@link IOException}, told apart from a failing disk only by its message. A body
     * the {@link UnfinishedBodyGuard} refused fails here as its unfinished part is cancelled: 400. A body over
     * {@code uploadLimit} is 413 naming the part that was arriving when the limit was passed (see
     * {@link #tooLarge}).
     */
    static void handleUploadFailure(RoutingContext ctx, long uploadLimit) {
        Throwable failure = ctx.failure();
        if (UnfinishedBodyGuard.refused(ctx)) {
            send(ctx, 400, null, UnfinishedBodyGuard.MESSAGE);
        } else if (failure == null && ctx.statusCode() == 413) {
            tooLarge(ctx, uploadLimit);
        } else if (failure instanceof IOException && String.valueOf(failure.getMessage()).contains("maximum capacity")) {
            send(ctx, 413, "spec", "a text field is over " + (RestConfig.SPEC_FIELD_LIMIT >> 10)
                    + " KiB; send a larger spec as a file part named 'spec'");
        } else {
            handleFailure(ctx);
        }
    }

    /**
     * 413 for a body over the upload limit, which the jar, the spec and all side files share. When the body
     * streamed in, the last part begun is the one that passed the limit: name it. A body whose declared length is
     * over is refused before a byte is read: then no part can be named, and the message says what counts.
     */
    private static void tooLarge(RoutingContext ctx, long uploadLimit) {
        String limit = "the coordinator's upload limit of " + mebibytes(uploadLimit)
                + " (the jar and all side files count together)";
        java.util.List<io.vertx.ext.web.FileUpload> parts = ctx.fileUploads();
        if (parts.isEmpty()) {
            String length = ctx.request().getHeader("Content-Length");
            send(ctx, 413, null, "the upload" + (length == null ? "" : " (" + length + " bytes)") + " is over " + limit);
            return;
        }
        io.vertx.ext.web.FileUpload part = parts.get(parts.size() - 1);
        send(ctx, 413, part.name(), "the upload is over " + limit + "; it passed the limit in part '" + part.name()
                + "' ('" + part.fileName() + "')");
    }

    private static String mebibytes(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** Answers with the status and message that fit {@code failure}. */
    static void send(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ApiException e) {
            send(ctx, e.status(), e.field(), e.getMessage());
        } else if (failure instanceof SpecException e) {
            send(ctx, 400, e.field(), e.getMessage());
        } else if (failure instanceof InvalidPathException e) {
            send(ctx, 400, null, "not a usable file path: " + e.getReason());
        } else if (failure instanceof CharacterCodingException) {
            send(ctx, 400, null, "text that is not valid in its character set (UTF-8 expected)");
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
