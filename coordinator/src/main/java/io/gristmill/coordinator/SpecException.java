package io.gristmill.coordinator;

/**
 * A job submission that cannot be accepted. {@link #field()} names the spec field at fault (as in DESIGN.md's
 * "Specification of a job" table, or {@code jar}); the REST API answers 400 with both, the CLI prints the message.
 */
public final class SpecException extends Exception {
    private final String field;

    public SpecException(String field, String message) {
        super(message);
        this.field = field;
    }

    public SpecException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
