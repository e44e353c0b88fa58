package io.gristmill.client;

/**
 * The coordinator refused a request. Carries the HTTP status, the API's {@code error} text and, when the API named
 * one, the {@code field} at fault (a spec field, {@code jar} or {@code spec}). The subtypes say what the caller can
 * do: fix the input (400, 413), fix the credentials (401, 403), or accept that the job is gone or ended (404, 409).
 */
public class ApiException extends GristmillException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String field;

    public ApiException(int status, String error, String field) {
        super(error + (field == null ? "" : " (field: " + field + ")"));
        this.status = status;
        this.error = error;
        this.field = field;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** What went wrong, as the API said it, for people. */
    public String error() {
        return error;
    }

    /** The spec field or part at fault, or null when the API named none. */
    public String field() {
        return field;
    }

    /** 400: the submission or request is invalid; {@link #field()} says where. */
    public static final class BadRequest extends ApiException {
        private static final long serialVersionUID = 1L;

        public BadRequest(String error, String field) {
            super(400, error, field);
        }
    }

    /** 401: the coordinator needs a bearer token and got none, or a wrong one. */
    public static final class Unauthorized extends ApiException {
        private static final long serialVersionUID = 1L;

        public Unauthorized(String error, String field) {
            super(401, error, field);
        }
    }

    /** 403: the coordinator does not accept requests under this host name (or from this origin). */
    public static final class Forbidden extends ApiException {
        private static final long serialVersionUID = 1L;

        public Forbidden(String error, String field) {
            super(403, error, field);
        }
    }

    /** 404: no such job (or task, attempt or log). */
    public static final class NotFound extends ApiException {
        private static final long serialVersionUID = 1L;

        public NotFound(String error, String field) {
            super(404, error, field);
        }
    }

    /** 409: the job is in the wrong state for this, e.g. killing a job that has already ended. */
    public static final class Conflict extends ApiException {
        private static final long serialVersionUID = 1L;

        public Conflict(String error, String field) {
            super(409, error, field);
        }
    }

    /**
     * 413: the upload (the jar and all side files together) is larger than the coordinator's upload limit;
     * {@link #field()} names the part that passed it when the coordinator could tell ({@code jar} or {@code file}).
     */
    public static final class PayloadTooLarge extends ApiException {
        private static final long serialVersionUID = 1L;

        public PayloadTooLarge(String error, String field) {
            super(413, error, field);
        }
    }
}
