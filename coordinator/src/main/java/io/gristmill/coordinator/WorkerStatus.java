package io.gristmill.coordinator;

import java.util.List;

/**
 * A snapshot of one worker incarnation. Times are epoch milliseconds.
 *
 * @param stuckAttempts attempts told to stop more than the worker's cancel timeout ago that still run there
 * @param leftoverSlots slots held by threads of the worker process's earlier incarnations
 * @param excluded      why the worker gets no task of any job now (too many jobs failed there), or null
 */
public record WorkerStatus(String id, String address, int slots, int busySlots, List<String> runningAttempts,
                           long lastHeartbeat, boolean alive, long diedAt, String deathReason,
                           List<String> stuckAttempts, int leftoverSlots, String excluded) {
}
