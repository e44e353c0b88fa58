package io.gristmill.coordinator.internal.planning;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What planning a job needs: the jar and entry class, the submitted parameters, the reducer count the plan hook
 * sees, and the listed input files (listing is the coordinator's; it runs no user code): absolute file paths or
 * {@code s3://bucket/key} objects.
 */
public record PlanRequest(Path jar, String jobClass, Map<String, String> params, int reducers, List<String> inputFiles) {
    public PlanRequest {
        params = Map.copyOf(params);
        inputFiles = List.copyOf(inputFiles);
    }
}
