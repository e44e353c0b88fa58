package io.gristmill.coordinator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Settings of a coordinator.
 *
 * @param heartbeatTimeout a worker silent this long is dead (default 10 s)
 * @param clock            milliseconds since the epoch; injected so tests can control time
 * @param stateDir         where job history is kept across restarts; null keeps none (local mode)
 * @param maxTasks         the most tasks (maps plus reduces) one job may have; larger jobs are refused naming
 *                         {@code splitSize} (default 1,000,000)
 * @param allowedRoots     folders job input and output must lie in (symlinks resolved); empty allows anything the
 *                         process can read and write
 * @param planInProcess    plan jobs on a thread of this process instead of a planning process of their own: only
 *                         for local mode, whose process runs the job's tasks anyway
 * @param keptTasks        the most tasks the ended jobs of this run keep in memory together (for their task lists,
 *                         attempt logs and the console), the oldest giving theirs up first and keeping their status;
 *                         the job that ended last keeps its tasks anyway (default 1,000,000, one job of
 *                         {@code maxTasks}'s default: about 1.4 GB)
 * @param heldOutputGrace  how long the maps of a job resumed from an earlier term wait at most for workers to register
 *                         again offering the outputs they hold; null for the default (see {@link #heldOutputGrace()})
 */
public record CoordinatorConfig(Duration heartbeatTimeout, LongSupplier clock, Path stateDir, int maxTasks,
                                List<Path> allowedRoots, boolean planInProcess, long keptTasks,
                                Duration heldOutputGrace) {
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_TASKS = 1_000_000;
    public static final long DEFAULT_KEPT_TASKS = 1_000_000;

    public CoordinatorConfig {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(clock, "clock");
        allowedRoots = List.copyOf(allowedRoots);
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1, got " + maxTasks);
        }
        if (keptTasks < 0) {
            throw new IllegalArgumentException("keptTasks must not be negative, got " + keptTasks);
        }
    }

    public static CoordinatorConfig defaults() {
        return new CoordinatorConfig(DEFAULT_HEARTBEAT_TIMEOUT, System::currentTimeMillis, null, DEFAULT_MAX_TASKS,
                List.of(), false, DEFAULT_KEPT_TASKS, null);
    }

    public CoordinatorConfig withHeartbeatTimeout(Duration timeout) {
        return new CoordinatorConfig(timeout, clock, stateDir, maxTasks, allowedRoots, planInProcess, keptTasks,
                heldOutputGrace);
    }

    public CoordinatorConfig withStateDir(Path dir) {
        return new CoordinatorConfig(heartbeatTimeout, clock, dir, maxTasks, allowedRoots, planInProcess, keptTasks,
                heldOutputGrace);
    }

    public CoordinatorConfig withMaxTasks(int max) {
        return new CoordinatorConfig(heartbeatTimeout, clock, stateDir, max, allowedRoots, planInProcess, keptTasks,
                heldOutputGrace);
    }

    public CoordinatorConfig withKeptTasks(long kept) {
        return new CoordinatorConfig(heartbeatTimeout, clock, stateDir, maxTasks, allowedRoots, planInProcess, kept,
                heldOutputGrace);
    }

    public CoordinatorConfig withHeldOutputGrace(Duration grace) {
        return new CoordinatorConfig(heartbeatTimeout, clock, stateDir, maxTasks, allowedRoots, planInProcess, keptTasks,
                grace);
    }

    /**
     * How long the maps of a resumed job wait at most for the outputs workers still hold: unless set, a heartbeat
     * timeout plus a worker's request timeout and the second before it registers again. A worker hears of the new
     * coordinator at once or at its next heartbeat, but for seconds after a coordinator change the event bus may
     * still route its requests to the old coordinator's node, which drops them: a registration lost that way is sent
     * again only after the request timed out. Waiting that long costs nothing when every worker comes back sooner
     * (the wait ends then) and saves running again maps whose outputs are only late.
     */
    @Override
    public Duration heldOutputGrace() {
        return heldOutputGrace != null ? heldOutputGrace
                : heartbeatTimeout.plus(io.gristmill.cluster.Addresses.WORKER_REQUEST_TIMEOUT).plusSeconds(1);
    }

    /** @throws IllegalArgumentException naming a root that is not an existing folder */
    public CoordinatorConfig withAllowedRoots(List<Path> roots) {
        io.gristmill.coordinator.internal.input.AllowedRoots.of(roots); // fails here, at start-up, not per job
        return new CoordinatorConfig(heartbeatTimeout, clock, stateDir, maxTasks, roots, planInProcess, keptTasks,
                heldOutputGrace);
    }

    public CoordinatorConfig withPlanningInProcess() {
        return new CoordinatorConfig(heartbeatTimeout, clock, stateDir, maxTasks, allowedRoots, true, keptTasks,
                heldOutputGrace);
    }
}
