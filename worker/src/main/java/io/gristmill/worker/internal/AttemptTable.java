package io.gristmill.worker.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempts of this worker incarnation whose bundle's thread has not ended, by key ({@code jobId/attemptId}),
 * stopping ones included: exactly the heartbeat's {@code runningAttempts}. Confined to the worker's context.
 */
public final class AttemptTable {
    private final Map<String, WorkerAttempt> attempts = new LinkedHashMap<>();

    public void addAll(Bundle bundle) {
        bundle.attempts().forEach(a -> attempts.put(a.key(), a));
    }

    public void removeAll(Bundle bundle) {
        bundle.attempts().forEach(a -> attempts.remove(a.key(), a));
    }

    /** The attempt with this key, or null. */
    public WorkerAttempt get(String key) {
        return attempts.get(key);
    }

    public List<WorkerAttempt> ofJob(String jobId) {
        return attempts.values().stream().filter(a -> a.jobId().equals(jobId)).toList();
    }

    public List<WorkerAttempt> all() {
        return List.copyOf(attempts.values());
    }

    public List<String> keys() {
        return List.copyOf(attempts.keySet());
    }

    public boolean contains(String key) {
        return attempts.containsKey(key);
    }

    public void clear() {
        attempts.clear();
    }
}
