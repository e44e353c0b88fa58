package io.gristmill.api.testkit;

import io.gristmill.api.Counter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link TaskContext} for unit tests: pass it to a mapper's or reducer's {@code setup} to call {@code map} or
 * {@code reduce} directly, then read what the code counted with {@link #counterValue}. {@link JobTester} uses one
 * per simulated task. Single-threaded, like the task thread it stands in for.
 */
public final class TestTaskContext implements TaskContext {
    private final String jobName;
    private final boolean map;
    private final int index;
    private final int numReducers;
    private final Map<String, String> params;
    private final InputSplit split;
    private final Map<String, long[]> counters = new LinkedHashMap<>();
    private final Map<String, java.nio.file.Path> sideFiles = new LinkedHashMap<>();
    private String status = "";

    /** The context of map task 0 reading {@code path} (its first 1 MiB), with one reducer. */
    public static TestTaskContext map(Map<String, String> params, String path) {
        return new TestTaskContext("test", true, 0, 1, Map.copyOf(params), new InputSplit(path, 0, 1 << 20));
    }

    /** The context of reduce task {@code partition} of {@code numReducers}. */
    public static TestTaskContext reduce(Map<String, String> params, int partition, int numReducers) {
        return new TestTaskContext("test", false, partition, numReducers, Map.copyOf(params), null);
    }

    /** A context with every field given; {@code split} is null for a reduce task. */
    public TestTaskContext(String jobName, boolean map, int index, int numReducers, Map<String, String> params,
            InputSplit split) {
        this.jobName = jobName;
        this.map = map;
        this.index = index;
        this.numReducers = numReducers;
        this.params = params;
        this.split = split;
    }

    /** Makes {@code file} the side file {@code name}, as {@code --file file#name} would; returns this context. */
    public TestTaskContext withSideFile(String name, java.nio.file.Path file) {
        sideFiles.put(java.util.Objects.requireNonNull(name, "name"), java.util.Objects.requireNonNull(file, "file"));
        return this;
    }

    @Override
    public Map<String, java.nio.file.Path> sideFiles() {
        return java.util.Collections.unmodifiableMap(sideFiles);
    }

    /** Adds this task's counters to {@code totals}, keyed {@code group.name}. */
    void addCountersTo(Map<String, Long> totals) {
        counters.forEach((key, value) -> totals.merge(key, value[0], Long::sum));
    }

    /** The value of a counter this task incremented, 0 if it never did. */
    public long counterValue(String group, String name) {
        long[] cell = counters.get(group + "." + name);
        return cell == null ? 0 : cell[0];
    }

    /** The last status text the task set. */
    public String currentStatus() {
        return status;
    }

    @Override
    public String jobId() {
        return "job-test";
    }

    @Override
    public String jobName() {
        return jobName;
    }

    @Override
    public String taskId() {
        return String.format("%s-%05d", map ? "m" : "r", index);
    }

    @Override
    public String attemptId() {
        return taskId() + "-1";
    }

    @Override
    public int attemptNumber() {
        return 1;
    }

    @Override
    public boolean isMap() {
        return map;
    }

    @Override
    public int taskIndex() {
        return index;
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
        long[] cell = counters.computeIfAbsent(group + "." + name, k -> new long[1]);
        return new Counter() {
            @Override
            public void increment(long delta) {
                cell[0] += delta;
            }

            @Override
            public long value() {
                return cell[0];
            }
        };
    }

    @Override
    public void status(String text) {
        status = text;
    }
}
