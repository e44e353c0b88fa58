package io.gristmill.client;

/**
 * No coordinator answered: every URL refused the connection or was a standby, for the whole failover window (or,
 * before any coordinator ever answered this client, once each). The message names what each URL did last.
 */
public final class CoordinatorUnavailableException extends GristmillException {
    private static final long serialVersionUID = 1L;

    public CoordinatorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
