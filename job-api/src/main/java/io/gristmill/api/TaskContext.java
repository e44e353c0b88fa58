package io.gristmill.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

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

    /**
     * The side files shipped with the job ({@code --file PATH[#NAME]}, Hadoop's distributed cache), by name, never
     * null. Each is a local, read-only file that every attempt of the job on this machine shares: read it, never
     * write, move or delete it. The worker has it on disk before the attempt starts.
     */
    default Map<String, Path> sideFiles() {
        return Map.of();
    }

    /**
     * The side file shipped under {@code name} (see {@link #sideFiles()}); open it with {@code Files.newBufferedReader}
     * or similar, typically in {@code setup}.
     *
     * @throws IllegalArgumentException naming {@code name} and the names that were shipped, when no side file has
     *                                  that name; thrown from {@code setup} or {@code map}, it fails the attempt
     */
    default Path sideFile(String name) {
        Path file = sideFiles().get(name);
        if (file == null) {
            throw new IllegalArgumentException("no side file named '" + name + "' was shipped with job " + jobId()
                    + " (shipped: " + (sideFiles().isEmpty() ? "none" : String.join(", ", new TreeSet<>(sideFiles().keySet())))
                    + "); ship it with --file PATH#" + name);
        }
        return file;
    }
}
