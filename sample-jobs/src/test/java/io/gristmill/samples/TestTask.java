package io.gristmill.samples;

import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.MutableLong;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A minimal map-task context and a collecting emitter for calling mappers and reducers directly. */
final class TestTask implements TaskContext {
    private final Map<String, String> params;
    private final InputSplit split;
    private final Map<String, long[]> counters = new HashMap<>();

    TestTask(Map<String, String> params, String path) {
        this.params = params;
        this.split = new InputSplit(path, 0, 1000);
    }

    /** An emitter that records each pair as {@code key<TAB>value}, converted at once like a real emit. */
    static <K, V> Emitter<K, V> collector(List<String> into) {
        return (key, value) -> into.add(key + "\t" + value);
    }

    static MutableLong offset(long value) {
        return new MutableLong(value);
    }

    static Text text(String value) {
        return new Text(value);
    }

    @Override
    public String jobId() {
        return "job-test";
    }

    @Override
    public String jobName() {
        return "test";
    }

    @Override
    public String taskId() {
        return "m-00000";
    }

    @Override
    public String attemptId() {
        return "m-00000-1";
    }

    @Override
    public int attemptNumber() {
        return 1;
    }

    @Override
    public boolean isMap() {
        return true;
    }

    @Override
    public int taskIndex() {
        return 0;
    }

    @Override
    public int numReducers() {
        return 1;
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
        long[] cell = counters.computeIfAbsent(group + "/" + name, k -> new long[1]);
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
    }
}
