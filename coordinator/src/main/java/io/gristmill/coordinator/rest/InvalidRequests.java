package io.gristmill.coordinator.rest;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP decoder could not read (a request line or headers too long, a malformed header), which
 * never reach the router: with the status Vert.x would give (414, 431, 400), but with the JSON error body every
 * other answer has, and closing the connection, whose framing can no longer be trusted.
 */
final class InvalidRequests {
    private InvalidRequests() {
    }

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String message = switch (status) {
            case 414 -> "the request line is too long";
            case 431 -> "the request headers are too large";
            default -> "the request cannot be read as HTTP";
        };
        request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"error\":\"" + message + "\"}")
                .onComplete(done -> request.connection().close());
    }
}
