package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.TaskState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's mutable record of one job: its state, tasks and attempts. Mutated only on the coordinator
 * context; {@link #moveTo} is the one place a job changes state.
 */
public final class JobExecution {
    private final String id;
    private final JobSpec spec;
    private final String name;
    private final String jarHash;
    private final String secret;
    private final long submittedMillis;
    private final List<TaskRecord> maps = new ArrayList<>();
    private final List<TaskRecord> reduces = new ArrayList<>();
    private final Map<String, AttemptRecord> attempts = new HashMap<>();
    private JobState state = JobState.PLANNING;
    private Map<String, String> params;
    private int numReducers;
    private long startedMillis;
    private long finishedMillis;
    private String error;
    private String errorTask;
    private String errorStackTrace;
    private boolean ending;

    public JobExecution(String id, JobSpec spec, String name, String jarHash, String secret, long nowMillis) {
        this.id = id;
        this.spec = spec;
        this.name = name;
        this.jarHash = jarHash;
        this.secret = secret;
        this.submittedMillis = nowMillis;
        this.params = spec.params();
    }

    /** Moves to {@code next}, refusing transitions {@link JobState} does not allow. */
    public void moveTo(JobState next, long nowMillis) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + ": illegal transition " + state + " -> " + next);
        }
        state = next;
        if (next == JobState.RUNNING) {
            startedMillis = nowMillis;
        }
        if (next.isTerminal()) {
            finishedMillis = nowMillis;
        }
    }

    /** Creates the tasks once planning is done. */
    public void planned(Map<String, String> plannedParams, List<InputSplit> splits, int reducers) {
        this.params = Map.copyOf(plannedParams);
        this.numReducers = reducers;
        for (int i = 0; i < splits.size(); i++) {
            maps.add(new TaskRecord(this, TaskType.MAP, i, splits.get(i)));
        }
        for (int r = 0; r < reducers; r++) {
            reduces.add(new TaskRecord(this, TaskType.REDUCE, r, null));
        }
    }

    public void failed(String message, String taskId, String stackTrace) {
        if (error == null) {
            this.error = message;
            this.errorTask = taskId;
            this.errorStackTrace = stackTrace;
        }
    }

    /** Whether the job is being stopped (failed or killed) and only awaits cleanup before its final state. */
    public boolean isEnding() {
        return ending;
    }

    public void ending(boolean value) {
        this.ending = value;
    }

    public void register(AttemptRecord attempt) {
        attempts.put(attempt.attemptId(), attempt);
    }

    public AttemptRecord attempt(String attemptId) {
        return attempts.get(attemptId);
    }

    public List<TaskRecord> allTasks() {
        List<TaskRecord> all = new ArrayList<>(maps);
        all.addAll(reduces);
        return all;
    }

    public boolean allMapsSucceeded() {
        return maps.stream().allMatch(t -> t.state() == TaskState.SUCCEEDED);
    }

    public boolean allTasksSucceeded() {
        return allMapsSucceeded() && reduces.stream().allMatch(t -> t.state() == TaskState.SUCCEEDED);
    }

    /** Whether any reduce task is not yet committed, so finished map outputs are still needed. */
    public boolean mapOutputsNeeded() {
        return !isMapOnly() && reduces.stream().anyMatch(t -> t.state() != TaskState.SUCCEEDED);
    }

    public boolean isMapOnly() {
        return numReducers == 0;
    }

    public int activeAttempts() {
        return countActive(maps) + countActive(reduces);
    }

    private static int countActive(List<TaskRecord> tasks) {
        int n = 0;
        for (TaskRecord task : tasks) {
            if (task.state() == TaskState.RUNNING && task.activeAttempt() != null) {
                n++;
            }
        }
        return n;
    }

    /** Job counters: for each task, the counters of its current successful attempt, summed. */
    public Map<String, Map<String, Long>> counters() {
        Map<String, Map<String, Long>> sum = new LinkedHashMap<>();
        for (TaskRecord task : allTasks()) {
            AttemptRecord ok = task.successful();
            if (ok != null) {
                ok.counters().forEach((group, values) -> values.forEach((counter, value) ->
                        sum.computeIfAbsent(group, g -> new LinkedHashMap<>()).merge(counter, value, Long::sum)));
            }
        }
        return sum;
    }

    public String id() {
        return id;
    }

    public JobSpec spec() {
        return spec;
    }

    public String name() {
        return name;
    }

    public String jarHash() {
        return jarHash;
    }

    public String secret() {
        return secret;
    }

    public Path output() {
        return Path.of(spec.output()).toAbsolutePath().normalize();
    }

    public JobState state() {
        return state;
    }

    public Map<String, String> params() {
        return params;
    }

    public int numReducers() {
        return numReducers;
    }

    public List<TaskRecord> maps() {
        return Collections.unmodifiableList(maps);
    }

    public List<TaskRecord> reduces() {
        return Collections.unmodifiableList(reduces);
    }

    public long submittedMillis() {
        return submittedMillis;
    }

    public long startedMillis() {
        return startedMillis;
    }

    public long finishedMillis() {
        return finishedMillis;
    }

    public String error() {
        return error;
    }

    public String errorTask() {
        return errorTask;
    }

    public String errorStackTrace() {
        return errorStackTrace;
    }
}
