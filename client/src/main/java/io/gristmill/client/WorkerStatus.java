package io.gristmill.client;

import java.util.List;

/** One worker incarnation known to the coordinator ({@code GET /api/v1/workers}). Times are epoch ms. */
public record WorkerStatus(String id, String address, int slots, int busySlots, List<String> runningAttempts,
                           long lastHeartbeat, boolean alive, long diedAt, String deathReason) {
    public WorkerStatus {
        runningAttempts = runningAttempts == null ? List.of() : runningAttempts;
    }
}
