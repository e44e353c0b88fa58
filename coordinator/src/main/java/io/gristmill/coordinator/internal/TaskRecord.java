package io.gristmill.coordinator.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.api.InputSplit;
import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.TaskState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One map or reduce task and its attempts. Mutated only on the coordinator context. */
public final class TaskRecord {
    private final JobExecution job;
    private final TaskType type;
    private final int index;
    private final String taskId;
    private final InputSplit split;
    private final List<AttemptRecord> attempts = new ArrayList<>();
    private final Set<String> failedOnWorkers = new HashSet<>();
    private TaskState state = TaskState.PENDING;
    private int failures;
    private int workerLosses;
    private AttemptRecord granted;
    // granted by an earlier coordinator term whose attempt had not renamed its output when this term checked
    private io.gristmill.coordinator.internal.recovery.RecoveredJob.Grant earlierGrant;
    private AttemptRecord successful;
    private long notBeforeMillis;
    private final List<io.gristmill.cluster.Messages.BadRecord> skipped = new ArrayList<>();

    TaskRecord(JobExecution job, TaskType type, int index, InputSplit split) {
        this.job = job;
        this.type = type;
        this.index = index;
        this.taskId = type.taskId(index);
        this.split = split;
    }

    /** Moves to {@code next}, refusing transitions {@link TaskState} does not allow. */
    public void moveTo(TaskState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("task " + taskId + " of " + job.id() + ": illegal transition " + state + " -> " + next);
        }
        TaskState previous = state;
        state = next;
        job.taskMoved(this, previous, next);
    }

    /** A new attempt on {@code workerId}, sent in bundle {@code bundle} of {@code bundleSize} attempts. */
    public AttemptRecord newAttempt(String workerId, long nowMillis, long bundle, int bundleSize) {
        AttemptRecord attempt = new AttemptRecord(this, attempts.size() + 1, workerId, nowMillis, bundle, bundleSize);
        attempts.add(attempt);
        if (state != TaskState.RUNNING) { // a backup joins a task already running
            moveTo(TaskState.RUNNING);
        }
        return attempt;
    }

    /**
     * Takes over a successful attempt of an earlier coordinator term (see {@link AttemptRecord#recovered}): the task
     * succeeds without running here.
     */
    public AttemptRecord recoverSuccess(String attemptId, String workerId, long nowMillis,
                                        Map<String, Map<String, Long>> counters, MapOutputLocation mapOutput) {
        AttemptRecord attempt = AttemptRecord.recovered(this, attemptId, attempts.size() + 1, workerId, nowMillis,
                counters, mapOutput);
        attempts.add(attempt);
        job.register(attempt);
        if (state != TaskState.RUNNING) { // running still while a stopped attempt of this term winds down
            moveTo(TaskState.RUNNING);
        }
        succeeded(attempt);
        return attempt;
    }

    /** Every live try at this task: usually one, two while a straggler has a backup. */
    public List<AttemptRecord> activeAttempts() {
        List<AttemptRecord> active = new ArrayList<>(2);
        for (AttemptRecord attempt : attempts) {
            if (attempt.state().isActive()) {
                active.add(attempt);
            }
        }
        return active;
    }

    /** Not before this time may the task run again (the back-off after a failure). */
    public long notBeforeMillis() {
        return notBeforeMillis;
    }

    public void notBefore(long millis) {
        this.notBeforeMillis = millis;
    }

    /** Records a later attempt skips: those the mapper failed on. */
    public List<io.gristmill.cluster.Messages.BadRecord> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    public void skip(io.gristmill.cluster.Messages.BadRecord record) {
        skipped.add(record);
    }

    /** The latest live try at this task, or null. */
    public AttemptRecord activeAttempt() {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).state().isActive()) {
                return attempts.get(i);
            }
        }
        return null;
    }

    public boolean isMap() {
        return type == TaskType.MAP;
    }

    public JobExecution job() {
        return job;
    }

    public TaskType type() {
        return type;
    }

    public int index() {
        return index;
    }

    public String taskId() {
        return taskId;
    }

    public InputSplit split() {
        return split;
    }

    public TaskState state() {
        return state;
    }

    public List<AttemptRecord> attempts() {
        return Collections.unmodifiableList(attempts);
    }

    public int failures() {
        return failures;
    }

    public void recordFailure(String workerId) {
        failures++;
        failedOnWorkers.add(workerId);
    }

    public boolean failedOn(String workerId) {
        return failedOnWorkers.contains(workerId);
    }

    public int failedWorkerCount() {
        return failedOnWorkers.size();
    }

    public int workerLosses() {
        return workerLosses;
    }

    public void recordWorkerLoss() {
        workerLosses++;
    }

    /** The attempt granted the commit of this task, or null; at most one is ever granted. */
    public AttemptRecord granted() {
        return granted;
    }

    public void grant(AttemptRecord attempt) {
        if (granted != null) {
            throw new IllegalStateException("task " + taskId + " already granted to " + granted.attemptId());
        }
        this.granted = attempt;
    }

    /** The granted attempt died before reporting; another attempt may be granted. */
    public void revokeGrant() {
        this.granted = null;
    }

    /**
     * An earlier coordinator term granted this task's commit, but its attempt's output was not in
     * {@code committed/<task>} when this term looked: that rename may still happen (see
     * {@link JobResumption#grantedAttemptFailed}).
     */
    public void grantedByEarlierTerm(io.gristmill.coordinator.internal.recovery.RecoveredJob.Grant grant) {
        this.earlierGrant = grant;
    }

    /** The grant of an earlier term whose rename may still come, or null. */
    public io.gristmill.coordinator.internal.recovery.RecoveredJob.Grant earlierGrant() {
        return earlierGrant;
    }

    /** The current successful attempt, whose counters and output count for the job, or null. */
    public AttemptRecord successful() {
        return successful;
    }

    public void succeeded(AttemptRecord attempt) {
        AttemptRecord before = successful;
        this.successful = attempt;
        job.successChanged(before, attempt);
        moveTo(TaskState.SUCCEEDED);
    }

    /** A map whose output was lost: its successful attempt no longer counts and the task runs again. */
    public void outputLost(long nowMillis) {
        if (successful != null && successful.state() == AttemptState.SUCCEEDED) {
            successful.kill("map output lost with its worker", nowMillis);
        }
        job.successChanged(successful, null);
        successful = null;
        moveTo(TaskState.PENDING);
    }
}
