package io.gristmill.worker.internal.data;

import io.gristmill.api.Counter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.TaskContext;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link TaskContext} of one attempt. Counters are incremented on the task thread; {@link #counters()},
 * {@link #status()} and {@link #progress()} may be read from any thread (e.g. for heartbeats).
 */
public final class SimpleTaskContext implements TaskContext {
    private final String jobId;
    private final String jobName;
    private final String taskId;
    private final String attemptId;
    private final int attemptNumber;
    private final boolean map;
    private final int taskIndex;
    private final int numReducers;
    private final Map<String, String> params;
    private final InputSplit split;
    private final Map<String, Map<String, SimpleCounter>> counters = new LinkedHashMap<>();
    private volatile Map<String, Path> sideFiles = Map.of();
    private volatile String status = "";
    private volatile float progress;

    public SimpleTaskContext(String jobId, String jobName, String taskId, String attemptId, int attemptNumber,
            boolean isMap, int taskIndex, int numReducers, Map<String, String> params, InputSplit split) {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.attemptId = Objects.requireNonNull(attemptId, "attemptId");
        this.attemptNumber = attemptNumber;
        this.map = isMap;
        this.taskIndex = taskIndex;
        this.numReducers = numReducers;
        this.params = params == null ? Map.of() : Map.copyOf(params);
        this.split = split;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public String attemptId() {
        return attemptId;
    }

    @Override
    public int attemptNumber() {
        return attemptNumber;
    }

    @Override
    public boolean isMap() {
        return map;
    }

    @Override
    public int taskIndex() {
        return taskIndex;
    }

    @Override
    public int numReducers() {
        return numReducers;
    }

    @Override
    public Map<String, String> params() {
        return params;
    }

    @Override
    public InputSplit split() {
        return split;
    }

    @Override
    public Counter counter(String group, String name) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        synchronized (counters) {
            return counters.computeIfAbsent(group, g -> new LinkedHashMap<>())
                    .computeIfAbsent(name, n -> new SimpleCounter());
        }
    }

    /** Shortcut for a built-in counter of group {@link Counters#GROUP}. */
    public Counter counter(String name) {
        return counter(Counters.GROUP, name);
    }

    /** A snapshot: group to name to value, in order of first use. */
    public Map<String, Map<String, Long>> counters() {
        synchronized (counters) {
            Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
            counters.forEach((group, byName) -> {
                Map<String, Long> values = new LinkedHashMap<>();
                byName.forEach((name, c) -> values.put(name, c.value()));
                copy.put(group, values);
            });
            return copy;
        }
    }

    /** The value of a counter, 0 if it was never used. */
    public long counterValue(String group, String name) {
        synchronized (counters) {
            Map<String, SimpleCounter> byName = counters.get(group);
            SimpleCounter c = byName == null ? null : byName.get(name);
            return c == null ? 0 : c.value();
        }
    }

    @Override
    public Map<String, Path> sideFiles() {
        return sideFiles;
    }

    /** Sets the side files once they are on local disk, before the job's code runs. */
    public void sideFiles(Map<String, Path> files) {
        this.sideFiles = Map.copyOf(files);
    }

    @Override
    public void status(String text) {
        this.status = text == null ? "" : text;
    }

    public String status() {
        return status;
    }

    /** Fraction of the attempt's work done, 0 to 1. */
    public float progress() {
        return progress;
    }

    public void progress(float value) {
        this.progress = Math.max(0f, Math.min(1f, value));
    }

    /** Single writer (the task thread), readable from any thread. */
    private static final class SimpleCounter implements Counter {
        private volatile long value;

        @Override
        public void increment(long delta) {
            value += delta; // only the task thread writes
        }

        @Override
        public long value() {
            return value;
        }
    }
}
