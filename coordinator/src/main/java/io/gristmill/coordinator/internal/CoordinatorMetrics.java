package io.gristmill.coordinator.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The coordinator's metrics. Counters of task attempts are incremented by {@link JobTracker} at its transitions;
 * the gauges show values {@link #sample sampled} on the coordinator context (the tracker's state is confined to
 * it), so a scrape from another thread never reads that state directly.
 */
public final class CoordinatorMetrics {
    static final String PREFIX = "gristmill.coordinator.";

    private final Counter started;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter killed;
    private final Counter runMessages;
    private final MetricRegistry registry;
    private final java.util.Set<String> workersWithGauge = new java.util.HashSet<>(); // coordinator context only
    private volatile Sample sample = new Sample(0, 0, 0, 0, 0, new EnumMap<>(JobState.class), Map.of());

    private record Sample(long pendingTasks, long runningAttempts, long liveWorkers, long deadWorkers,
                          double maxHeartbeatAgeSeconds, Map<JobState, Long> jobs, Map<String, Double> heartbeatAges) {
    }

    public CoordinatorMetrics(MetricRegistry registry) {
        this.registry = registry;
        started = registry.counter(PREFIX + "tasks.started");
        succeeded = registry.counter(PREFIX + "tasks.succeeded");
        failed = registry.counter(PREFIX + "tasks.failed");
        killed = registry.counter(PREFIX + "tasks.killed");
        runMessages = registry.counter(PREFIX + "run_messages");
        registry.register(PREFIX + "tasks.pending", (Gauge<Long>) () -> sample.pendingTasks());
        registry.register(PREFIX + "attempts.running", (Gauge<Long>) () -> sample.runningAttempts());
        registry.register(PREFIX + "workers.live", (Gauge<Long>) () -> sample.liveWorkers());
        registry.register(PREFIX + "workers.dead", (Gauge<Long>) () -> sample.deadWorkers());
        registry.register(PREFIX + "workers.heartbeat_age_max_seconds", (Gauge<Double>) () -> sample.maxHeartbeatAgeSeconds());
        for (JobState state : JobState.values()) {
            registry.register(PREFIX + "jobs." + state.name().toLowerCase(Locale.ROOT),
                    (Gauge<Long>) () -> sample.jobs().getOrDefault(state, 0L));
        }
    }

    /** An attempt of a task was launched on a worker. */
    void attemptStarted() {
        started.inc();
    }

    /** A RUN message went to a worker: one attempt, or a bundle of short maps (fewer messages than attempts). */
    void runMessageSent() {
        runMessages.inc();
    }

    void attemptSucceeded() {
        succeeded.inc();
    }

    void attemptFailed() {
        failed.inc();
    }

    /** An attempt was killed: by the user, by preemption, with its worker, or its map output was lost. */
    void attemptKilled() {
        killed.inc();
    }

    /** Takes the gauges' values from the tracker's state; runs on the coordinator context. */
    void sample(Collection<JobExecution> jobs, Collection<JobStatus> historic, Collection<WorkerRecord> workers,
                long nowMillis) {
        long pending = 0;
        Map<JobState, Long> byState = new EnumMap<>(JobState.class);
        for (JobStatus status : historic) {
            byState.merge(status.state(), 1L, Long::sum);
        }
        for (JobExecution job : jobs) {
            byState.merge(job.state(), 1L, Long::sum);
            if (job.state() == JobState.RUNNING && !job.isEnding()) {
                pending += job.pendingMaps() + job.pendingReduces();
            }
        }
        long running = 0;
        long live = 0;
        long dead = 0;
        long maxAge = 0;
        Map<String, Double> ages = new java.util.HashMap<>();
        for (WorkerRecord worker : workers) {
            if (worker.alive()) {
                live++;
                running += worker.running().size();
                long age = nowMillis - worker.lastHeartbeatMillis();
                maxAge = Math.max(maxAge, age);
                ages.put(worker.id(), age / 1000.0);
            } else {
                dead++;
            }
        }
        sample = new Sample(pending, running, live, dead, maxAge / 1000.0, byState, ages);
        updateWorkerGauges(ages.keySet());
    }

    /** One heartbeat-age gauge per live worker; a dead worker's gauge is removed. */
    private void updateWorkerGauges(java.util.Set<String> live) {
        for (String id : live) {
            if (workersWithGauge.add(id)) {
                registry.register(workerGauge(id), (Gauge<Double>) () -> sample.heartbeatAges().getOrDefault(id, 0.0));
            }
        }
        workersWithGauge.removeIf(id -> !live.contains(id) && registry.remove(workerGauge(id)));
    }

    private static String workerGauge(String workerId) {
        return PREFIX + "worker." + workerId + ".heartbeat_age_seconds";
    }
}
