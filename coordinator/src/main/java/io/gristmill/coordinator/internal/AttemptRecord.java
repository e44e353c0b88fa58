package io.gristmill.coordinator.internal;

import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.coordinator.AttemptState;

import java.util.Map;

/** One attempt of a task, as the coordinator tracks it. Mutated only on the coordinator context. */
public final class AttemptRecord {
    private final TaskRecord task;
    private final String attemptId;
    private final int number;
    private final String workerId;
    private final long startMillis;
    private final long bundle;
    private final int bundleSize;
    private AttemptState state = AttemptState.STARTING;
    private long endMillis;
    private double progress;
    private Map<String, Map<String, Long>> counters = Map.of();
    private String error;
    private String stackTrace;
    private MapOutputLocation mapOutput;
    private int fetchFailures;
    private boolean acknowledged;
    private boolean backup;
    private boolean recovered;
    private long activity = -1;
    private long activityMovedMillis;
    private final java.util.Set<String> fetchFailureReporters = new java.util.HashSet<>();

    AttemptRecord(TaskRecord task, int number, String workerId, long startMillis, long bundle, int bundleSize) {
        this(task, task.taskId() + "-" + number + task.job().attemptIdSuffix(), number, workerId, startMillis, bundle,
                bundleSize);
    }

    private AttemptRecord(TaskRecord task, String attemptId, int number, String workerId, long startMillis, long bundle,
                          int bundleSize) {
        this.task = task;
        this.bundle = bundle;
        this.bundleSize = bundleSize;
        this.number = number;
        this.attemptId = attemptId;
        this.workerId = workerId;
        this.startMillis = startMillis;
        task.job().attemptLive(this, state.isActive());
    }

    /**
     * A successful attempt of an earlier coordinator term, taken over as it stands (its output committed, or its
     * map output still held by a live worker): it starts in its final state and never runs here.
     */
    static AttemptRecord recovered(TaskRecord task, String attemptId, int number, String workerId, long nowMillis,
                                   Map<String, Map<String, Long>> counters, MapOutputLocation mapOutput) {
        AttemptRecord attempt = new AttemptRecord(task, attemptId, number, workerId, nowMillis, 0, 1);
        attempt.recovered = true;
        attempt.state = AttemptState.SUCCEEDED;
        task.job().attemptLive(attempt, false);
        attempt.endMillis = nowMillis;
        attempt.counters(counters);
        attempt.mapOutput = mapOutput;
        return attempt;
    }

    /** Whether this attempt ran under an earlier coordinator term and was taken over (see {@link #recovered}). */
    public boolean isRecovered() {
        return recovered;
    }

    /** Moves to {@code next}, refusing transitions {@link AttemptState} does not allow. */
    public void moveTo(AttemptState next, long nowMillis) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("attempt " + attemptId + ": illegal transition " + state + " -> " + next);
        }
        boolean wasActive = state.isActive();
        state = next;
        if (wasActive != next.isActive()) {
            task.job().attemptLive(this, next.isActive());
        }
        if (next.isTerminal() && endMillis == 0) {
            endMillis = nowMillis;
        }
    }

    /** The RUN message (bundle) this attempt was sent in: attempts of one bundle share one worker slot. */
    public long bundle() {
        return bundle;
    }

    /** How many attempts that bundle carried. */
    public int bundleSize() {
        return bundleSize;
    }

    public AttemptRef ref(String epoch) {
        return new AttemptRef(task.job().id(), task.taskId(), attemptId, epoch);
    }

    public void fail(String message, String trace, long nowMillis) {
        this.error = message;
        this.stackTrace = trace;
        moveTo(AttemptState.FAILED, nowMillis);
    }

    public void kill(String reason, long nowMillis) {
        this.error = reason;
        moveTo(AttemptState.KILLED, nowMillis);
    }

    /** Asks for the attempt to stop: KILLING until its worker says its thread ended. */
    public void killing(String reason, long nowMillis) {
        this.error = reason;
        moveTo(AttemptState.KILLING, nowMillis);
    }

    /** The worker acknowledged the RUN message: from now on, its heartbeats list the attempt until it ends. */
    public void acknowledged(long nowMillis) {
        acknowledged = true;
        activityMovedMillis = nowMillis;
    }

    public boolean isAcknowledged() {
        return acknowledged;
    }

    /** Records the worker's activity count (records read plus emitted); notes when it last moved. */
    public void activity(long value, long nowMillis) {
        if (value != activity) {
            activity = value;
            activityMovedMillis = nowMillis;
        }
    }

    /** The attempt waits for something that is not its own doing: the task timeout counts from now. */
    public void waiting(long nowMillis) {
        activityMovedMillis = nowMillis;
    }

    /** When the attempt's activity last moved (or it was acknowledged). */
    public long activityMovedMillis() {
        return activityMovedMillis;
    }

    /** A backup attempt of a straggler (speculative execution). */
    public boolean isBackup() {
        return backup;
    }

    public void markBackup() {
        this.backup = true;
    }

    /** Counts a reducer's report that this map's output could not be fetched; true once it counts as lost. */
    public boolean fetchFailureReported(String reducerWorkerId) {
        fetchFailures++;
        fetchFailureReporters.add(reducerWorkerId);
        return fetchFailures >= LOST_AFTER_REPORTS && fetchFailureReporters.size() >= 2;
    }

    /** Fetch-failure reports after which a map output is declared lost (from reducers on two workers or more). */
    public static final int LOST_AFTER_REPORTS = 3;

    public TaskRecord task() {
        return task;
    }

    public String attemptId() {
        return attemptId;
    }

    public int number() {
        return number;
    }

    public String workerId() {
        return workerId;
    }

    public AttemptState state() {
        return state;
    }

    public long startMillis() {
        return startMillis;
    }

    public long endMillis() {
        return endMillis;
    }

    public double progress() {
        return state == AttemptState.SUCCEEDED ? 1.0 : progress;
    }

    public void progress(double value) {
        this.progress = value;
    }

    public Map<String, Map<String, Long>> counters() {
        return counters;
    }

    public void counters(Map<String, Map<String, Long>> value) {
        Map<String, Map<String, Long>> before = counters;
        this.counters = value == null ? Map.of() : value;
        if (task.successful() == this) { // the job's totals hold this attempt's counters: keep them right
            task.job().successCountersChanged(before, counters);
        }
    }

    public String error() {
        return error;
    }

    public String stackTrace() {
        return stackTrace;
    }

    public MapOutputLocation mapOutput() {
        return mapOutput;
    }

    public void mapOutput(MapOutputLocation value) {
        this.mapOutput = value;
    }
}
