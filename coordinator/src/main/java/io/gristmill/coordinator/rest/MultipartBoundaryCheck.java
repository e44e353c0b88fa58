package io.gristmill.coordinator.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Locale;

/**
 * Put before a {@code BodyHandler}: refuses with 400 a {@code multipart/form-data} request whose boundary is empty.
 * Vert.x's multipart decoder fails on it with a StringIndexOutOfBoundsException, which would be a 500.
 * A {@link PlatformHandler}, because vertx-web lets only those come before a {@code BodyHandler}.
 */
final class MultipartBoundaryCheck implements PlatformHandler {
    @Override
    public void handle(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") && hasEmptyBoundary(type)) {
            ErrorResponses.send(ctx, 400, null, "the multipart/form-data content type has an empty boundary");
            return;
        }
        ctx.next();
    }

    private static boolean hasEmptyBoundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] nameValue = parameter.trim().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].trim().equalsIgnoreCase("boundary")) {
                String value = nameValue[1].trim();
                return value.isEmpty() || value.equals("\"\"");
            }
        }
        return false; // no boundary at all: the decoder refuses that itself
    }
}
