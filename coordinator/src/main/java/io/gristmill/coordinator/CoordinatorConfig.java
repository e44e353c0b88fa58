package io.gristmill.coordinator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Settings of a coordinator.
 *
 * @param heartbeatTimeout a worker silent this long is dead (default 10 s)
 * @param clock            milliseconds since the epoch; injected so tests can control time
 * @param stateDir         where job history is kept across restarts; null keeps none (local mode)
 */
public record CoordinatorConfig(Duration heartbeatTimeout, LongSupplier clock, Path stateDir) {
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

    public CoordinatorConfig {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(clock, "clock");
    }

    public static CoordinatorConfig defaults() {
        return new CoordinatorConfig(DEFAULT_HEARTBEAT_TIMEOUT, System::currentTimeMillis, null);
    }

    public CoordinatorConfig withHeartbeatTimeout(Duration timeout) {
        return new CoordinatorConfig(timeout, clock, stateDir);
    }

    public CoordinatorConfig withStateDir(Path dir) {
        return new CoordinatorConfig(heartbeatTimeout, clock, dir);
    }
}
