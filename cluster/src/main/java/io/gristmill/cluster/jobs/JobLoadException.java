package io.gristmill.cluster.jobs;

/** A job jar or entry class that cannot be used; the message says why and {@link #field()} which spec field. */
public final class JobLoadException extends Exception {
    private final String field;

    public JobLoadException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    public JobLoadException(String field, String message) {
        this(field, message, null);
    }

    /** The spec field at fault: {@code jar} or {@code jobClass}. */
    public String field() {
        return field;
    }
}
