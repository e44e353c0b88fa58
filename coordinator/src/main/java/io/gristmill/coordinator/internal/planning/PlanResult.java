package io.gristmill.coordinator.internal.planning;

import io.gristmill.api.Pipeline;

import java.util.List;
import java.util.Map;

/**
 * What the job's own code decided while planning: the parameters after its {@code plan} hook, whether
 * {@code define} made a map-only job, its input format's least split size, and which input files (indexes into
 * {@link PlanRequest#inputFiles()}) the format says cannot be split. For a pipeline, only {@code pipeline} counts:
 * the steps its definition returned, rebuilt from data in the coordinator (job-api value classes, no job class).
 */
public record PlanResult(Map<String, String> params, boolean mapOnly, long minSplitSize, List<Integer> unsplittable,
                         Pipeline pipeline) {
    public PlanResult {
        params = Map.copyOf(params);
        unsplittable = List.copyOf(unsplittable);
    }

    /** A job's plan. */
    public PlanResult(Map<String, String> params, boolean mapOnly, long minSplitSize, List<Integer> unsplittable) {
        this(params, mapOnly, minSplitSize, unsplittable, null);
    }

    /** A pipeline's definition. */
    public static PlanResult of(Pipeline pipeline) {
        return new PlanResult(Map.of(), false, 1, List.of(), pipeline);
    }
}
