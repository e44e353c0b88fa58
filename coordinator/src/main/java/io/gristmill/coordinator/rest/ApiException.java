package io.gristmill.coordinator.rest;

/** A request the API refuses, with the HTTP status and (optionally) the request field at fault. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String field;

    ApiException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
