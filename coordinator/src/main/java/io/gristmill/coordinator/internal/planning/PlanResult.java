package io.gristmill.coordinator.internal.planning;

import java.util.List;
import java.util.Map;

/**
 * What the job's own code decided while planning: the parameters after its {@code plan} hook, whether
 * {@code define} made a map-only job, its input format's least split size, and which input files (indexes into
 * {@link PlanRequest#inputFiles()}) the format says cannot be split.
 */
public record PlanResult(Map<String, String> params, boolean mapOnly, long minSplitSize, List<Integer> unsplittable) {
    public PlanResult {
        params = Map.copyOf(params);
        unsplittable = List.copyOf(unsplittable);
    }
}
