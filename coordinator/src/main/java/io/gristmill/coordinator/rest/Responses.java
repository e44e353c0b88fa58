package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON responses; records are serialized by Jackson, enums as their names. */
final class Responses {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    static Future<Void> json(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            log.error("cannot serialize {} for {}", body.getClass().getSimpleName(), ctx.request().path(), e);
            status = 500;
            text = "{\"error\":\"internal error\"}";
        }
        return ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(text);
    }
}
