package io.gristmill.coordinator.internal.planning;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What planning a job needs: the jar and entry class, the submitted parameters, the reducer count the plan hook
 * sees, and the listed input files (listing is the coordinator's; it runs no user code): absolute file paths or
 * {@code s3://bucket/key} objects.
 *
 * @param pipeline whether the entry class is a {@code PipelineDefinition}: planning then only asks it for its steps
 */
public record PlanRequest(Path jar, String jobClass, Map<String, String> params, int reducers, List<String> inputFiles,
                          boolean pipeline) {
    public PlanRequest {
        params = Map.copyOf(params);
        inputFiles = List.copyOf(inputFiles);
    }

    /** A job's planning (not a pipeline's). */
    public PlanRequest(Path jar, String jobClass, Map<String, String> params, int reducers, List<String> inputFiles) {
        this(jar, jobClass, params, reducers, inputFiles, false);
    }

    /** A pipeline's definition: its {@code define(params)} is all that runs. */
    public static PlanRequest pipeline(Path jar, String pipelineClass, Map<String, String> params) {
        return new PlanRequest(jar, pipelineClass, params, 0, List.of(), true);
    }
}
