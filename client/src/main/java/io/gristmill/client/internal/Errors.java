package io.gristmill.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gristmill.client.ApiException;

import java.net.http.HttpResponse;

/** Turns an error answer of the API ({@code {"error": "...", "field": "..."}}) into the fitting exception type. */
public final class Errors {
    private static final int MAX_TEXT = 500;

    private Errors() {
    }

    public static ApiException of(HttpResponse<String> response) {
        int status = response.statusCode();
        String error = null;
        String field = null;
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            error = body.path("error").isTextual() ? body.path("error").asText() : null;
            field = body.path("field").isTextual() ? body.path("field").asText() : null;
        } catch (Exception e) { // not the API's JSON (a proxy's page, say): its text is the message
            error = null;
        }
        if (error == null) {
            String body = response.body() == null ? "" : response.body().strip();
            error = "HTTP " + status + (body.isEmpty() ? "" : ": " + (body.length() > MAX_TEXT ? body.substring(0, MAX_TEXT) + "..." : body));
        }
        return switch (status) {
            case 400 -> new ApiException.BadRequest(error, field);
            case 401 -> new ApiException.Unauthorized(error, field);
            case 403 -> new ApiException.Forbidden(error, field);
            case 404 -> new ApiException.NotFound(error, field);
            case 409 -> new ApiException.Conflict(error, field);
            case 413 -> new ApiException.PayloadTooLarge(error, field);
            default -> new ApiException(status, error, field);
        };
    }
}
