package io.gristmill.api.testkit;

import io.gristmill.api.Counter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link TaskContext} of one simulated task attempt; its counters are added to the job's when it ends. */
final class TesterContext implements TaskContext {
    private final String jobName;
    private final boolean map;
    private final int index;
    private final int numReducers;
    private final Map<String, String> params;
    private final InputSplit split;
    private final Map<String, long[]> counters = new LinkedHashMap<>();
    private String status = "";

    TesterContext(String jobName, boolean map, int index, int numReducers, Map<String, String> params,
            InputSplit split) {
        this.jobName = jobName;
        this.map = map;
        this.index = index;
        this.numReducers = numReducers;
        this.params = params;
        this.split = split;
    }

    /** Adds this task's counters to {@code totals}, keyed {@code group.name}. */
    void addCountersTo(Map<String, Long> totals) {
        counters.forEach((key, value) -> totals.merge(key, value[0], Long::sum));
    }

    String currentStatus() {
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
