package io.gristmill.coordinator;

import java.util.List;

/** A snapshot of one worker incarnation. Times are epoch milliseconds. */
public record WorkerStatus(String id, String address, int slots, int busySlots, List<String> runningAttempts,
                           long lastHeartbeat, boolean alive, long diedAt, String deathReason) {
}
