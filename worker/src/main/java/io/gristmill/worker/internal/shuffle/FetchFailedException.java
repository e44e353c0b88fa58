package io.gristmill.worker.internal.shuffle;

import java.io.IOException;

/**
 * A reducer could not get its partition of one map output, after retrying: the caller reports it to the coordinator
 * (which re-runs the map once enough reducers agree) rather than failing the reduce attempt's own code.
 */
public final class FetchFailedException extends IOException {
    private final String mapAttemptId;
    private final String host;

    public FetchFailedException(String mapAttemptId, String host, String message, Throwable cause) {
        super("fetching map output " + mapAttemptId + " from " + host + " failed: " + message, cause);
        this.mapAttemptId = mapAttemptId;
        this.host = host;
    }

    /** The map attempt whose output could not be fetched. */
    public String mapAttemptId() {
        return mapAttemptId;
    }

    /** {@code host:port} of the shuffle server that was asked. */
    public String host() {
        return host;
    }
}
