package io.gristmill.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link JobDefinition#plan} sees: the listed input files, the reducer count and the job parameters, which
 * it may extend (for example with range boundaries sampled from the input).
 *
 * <p>Used in the job's planning process (a JVM of its own, never the coordinator's), in the job's class loader, once
 * per job, before the input is cut into splits.
 */
public interface PlanContext {

    /**
     * Every input file after listing folders and globs, in split order.
     *
     * @throws UnsupportedOperationException if some input is an object in object storage ({@code s3://}), which has
     *                                       no local path: use {@link #inputLocations()} then
     */
    List<Path> inputFiles();

    /**
     * Every input after listing, in split order: absolute file paths, or {@code s3://bucket/key} objects. A plan
     * hook that samples object-storage input reads it with its own client.
     */
    default List<String> inputLocations() {
        return inputFiles().stream().map(Path::toString).toList();
    }

    /** Number of reduce partitions (0 for a map-only job). */
    int numReducers();

    /** The job parameters as submitted plus any set by {@link #setParam}. */
    Map<String, String> params();

    /** Adds or replaces a job parameter that every task will see. */
    void setParam(String name, String value);
}
