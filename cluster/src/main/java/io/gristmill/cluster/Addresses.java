package io.gristmill.cluster;

/** Event-bus addresses. Every coordinator/worker interaction is a message to one of these. */
public final class Addresses {
    private Addresses() {
    }

    /** Worker → coordinator: {@link Messages.RegisterWorker}; reply {@link Messages.Registered}. */
    public static final String REGISTER = "gristmill.coordinator.register";
    /** Worker → coordinator: {@link Messages.Heartbeat}; reply empty, or a failure with a {@link FailureCode}. */
    public static final String HEARTBEAT = "gristmill.coordinator.heartbeat";
    /**
     * Worker → coordinator: {@link Messages.AttemptUpdates}; reply {@link Messages.UpdatesAnswered}, or a failure with
     * a {@link FailureCode} when the worker or its epoch is stale.
     */
    public static final String ATTEMPT_UPDATE = "gristmill.coordinator.attempt-update";
    /** Worker → coordinator: {@link Messages.CommitRequests}; reply {@link Messages.CommitDecisions}. */
    public static final String COMMIT = "gristmill.coordinator.commit";
    /** Worker → coordinator: {@link Messages.FetchFailure}. */
    public static final String FETCH_FAILURE = "gristmill.coordinator.fetch-failure";
    /**
     * Worker → coordinator, for a running reducer: {@link Messages.MapOutputsWanted}; reply
     * {@link Messages.MapOutputChanges} (held until there is news, at most the request's wait), or a failure with a
     * {@link FailureCode} when the attempt or its epoch is stale.
     */
    public static final String MAP_OUTPUTS = "gristmill.coordinator.map-outputs";

    /**
     * Coordinator → every worker, published: the coordinator's epoch (a string), once a new coordinator takes worker
     * messages. A worker that follows another epoch checks in at once with a heartbeat, whose refusal makes it
     * register again, rather than at its next beat: after a takeover that is the difference between the new
     * coordinator's first task now and a heartbeat interval later.
     */
    public static final String COORDINATOR_ACTIVE = "gristmill.workers.coordinator-active";

    /** Coordinator → one worker; the {@code action} header names the message type (see {@link WorkerAction}). */
    public static String worker(String workerId) {
        return "gristmill.worker." + workerId;
    }

    /** Header naming the action of a message sent to a worker. */
    public static final String ACTION_HEADER = "action";

    /**
     * How long a worker waits for the coordinator's answer to a request before it gives up on it (and, for a
     * registration, tries again a second later). A request can be lost without an answer: after a coordinator
     * change the event bus may still route to the old coordinator's node for seconds, which drops what reaches it
     * once it has stepped down.
     */
    public static final java.time.Duration WORKER_REQUEST_TIMEOUT = java.time.Duration.ofSeconds(15);
}
