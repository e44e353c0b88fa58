package io.gristmill.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a worker.
 *
 * @param slots         attempts run at once (default: the number of cores)
 * @param workDir       where map outputs and fetched shuffle data live; private to this worker
 * @param shuffleHost   the interface the shuffle server binds and advertises
 * @param shufflePort   0 for any free port; -1 for no shuffle server (a single-process cluster reads map files in place)
 * @param nodeId        this process's cluster node id as the coordinator's member listener reports it (the Vert.x
 *                      node id, see {@code ClusteredNode#nodeId}), or null when not clustered
 * @param cancelTimeout how long an attempt told to stop may keep its thread before it is stuck (default 30 s)
 * @param exitWhenStuck whether the process exits (status {@link WorkerVerticle#EXIT_STUCK}) when stuck attempts
 *                      hold every slot or one stays stuck another {@code cancelTimeout}: true for the
 *                      {@code worker} command, whose supervisor restarts it; never for a worker inside another
 *                      process
 */
public record WorkerConfig(int slots, Path workDir, String shuffleHost, int shufflePort, Duration heartbeatInterval,
                           String nodeId, Duration cancelTimeout, boolean exitWhenStuck) {
    public static final Duration DEFAULT_CANCEL_TIMEOUT = Duration.ofSeconds(30);

    public WorkerConfig {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
        Objects.requireNonNull(shuffleHost, "shuffleHost");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(cancelTimeout, "cancelTimeout");
        if (cancelTimeout.isNegative() || cancelTimeout.isZero()) {
            throw new IllegalArgumentException("cancelTimeout must be positive, got " + cancelTimeout);
        }
    }

    public boolean servesShuffle() {
        return shufflePort >= 0;
    }

    /** The worker inside a single-process cluster: no shuffle server, and it never exits its JVM. */
    public static WorkerConfig local(int slots, Path workDir) {
        return new WorkerConfig(slots, workDir, "127.0.0.1", -1, Duration.ofSeconds(1), null, DEFAULT_CANCEL_TIMEOUT,
                false);
    }

    /** The same settings with another cancel timeout. */
    public WorkerConfig withCancelTimeout(Duration timeout) {
        return new WorkerConfig(slots, workDir, shuffleHost, shufflePort, heartbeatInterval, nodeId, timeout,
                exitWhenStuck);
    }
}
