package io.gristmill.api;

import java.util.Map;

/**
 * What a running task attempt knows about itself: ids, job parameters, its input split and counters.
 *
 * <p>Passed to {@code setup} of mappers, reducers and formats on the attempt's task thread; use it only from that
 * thread.
 */
public interface TaskContext {

    String jobId();

    String jobName();

    /** Task id, e.g. {@code m-00003} or {@code r-00001}. */
    String taskId();

    /** Attempt id, unique within the job, e.g. {@code m-00003-1}. */
    String attemptId();

    /** 1 for the first attempt of a task, 2 for its first retry, and so on. */
    int attemptNumber();

    /** Whether this is a map task (or a combiner running inside one). */
    boolean isMap();

    /** Index of the task among tasks of its kind: the map number, or the reduce partition. */
    int taskIndex();

    /** Number of reduce partitions of the job (0 for a map-only job). */
    int numReducers();

    /** The job parameters ({@code --param k=v}), never null. */
    Map<String, String> params();

    default String param(String name) {
        return params().get(name);
    }

    default String param(String name, String defaultValue) {
        return params().getOrDefault(name, defaultValue);
    }

    /** The split this map attempt reads, or null in a reduce attempt. */
    InputSplit split();

    /** A job counter; counters with the same group and name are summed over the job. */
    Counter counter(String group, String name);

    /** A short human-readable status shown with the attempt. */
    void status(String text);
}
