package io.gristmill.cluster;

/**
 * Failure codes of event-bus replies, so that receivers act on a number instead of parsing a message.
 */
public final class FailureCode {
    private FailureCode() {
    }

    /** The sending worker incarnation is dead to the coordinator: drop everything and register again. */
    public static final int STALE_WORKER = 410;
    /** The attempt is no longer current (killed, superseded, or its job ended): drop it and free the slot. */
    public static final int STALE_ATTEMPT = 409;
    /** The message carries another coordinator's epoch: drop everything from that epoch and register again. */
    public static final int STALE_EPOCH = 412;
    /** A worker had no free slot for the work sent: nobody's fault, the work waits for a slot. */
    public static final int NO_FREE_SLOT = 503;
    /** The request was malformed. */
    public static final int BAD_REQUEST = 400;
    /** The receiver failed unexpectedly. */
    public static final int INTERNAL = 500;
}
