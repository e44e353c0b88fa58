package io.gristmill.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a worker.
 *
 * @param slots       attempts run at once (default: the number of cores)
 * @param workDir     where map outputs and fetched shuffle data live; private to this worker
 * @param shuffleHost the interface the shuffle server binds and advertises
 * @param shufflePort 0 for any free port
 * @param nodeId      the Hazelcast member id of this process, or null when not clustered
 */
public record WorkerConfig(int slots, Path workDir, String shuffleHost, int shufflePort, Duration heartbeatInterval,
                           String nodeId) {
    public WorkerConfig {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(shuffleHost, "shuffleHost");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    }

    public static WorkerConfig local(int slots, Path workDir) {
        return new WorkerConfig(slots, workDir, "127.0.0.1", 0, Duration.ofSeconds(1), null);
    }
}
