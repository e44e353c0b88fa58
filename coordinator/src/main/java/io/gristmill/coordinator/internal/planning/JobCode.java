package io.gristmill.coordinator.internal.planning;

import io.gristmill.api.InputFormat;
import io.gristmill.api.Job;
import io.gristmill.api.PlanContext;
import io.gristmill.cluster.jobs.JobLoader;
import io.gristmill.cluster.io.s3.S3Location;
import io.gristmill.cluster.jobs.LoadedJob;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where planning runs a job's own code: constructs its {@code JobDefinition}, runs {@code plan}, then
 * {@code define}, and asks the defined input format for its least split size and which files it can split. Runs in
 * a planning process ({@link PlanningMain}) or, in local mode, on a planning thread — never in a coordinator.
 */
final class JobCode {
    private JobCode() {
    }

    static PlanResult plan(PlanRequest request) throws Exception {
        if (request.pipeline()) {
            return PlanResult.of(JobLoader.definePipeline(request.jar(), request.jobClass(), request.params()));
        }
        try (LoadedJob job = JobLoader.load(request.jar(), request.jobClass())) {
            Map<String, String> params = new LinkedHashMap<>(request.params());
            PlanContext context = planContext(request.inputFiles(), request.reducers(), params);
            job.inJobLoader(() -> {
                job.definition().plan(context);
                return null;
            });
            Job defined = job.define(Map.copyOf(params));
            InputFormat<?, ?> format = defined.inputFormat();
            return job.inJobLoader(() -> {
                long minSplitSize = format.minSplitSize();
                if (minSplitSize < 1) {
                    throw new IllegalArgumentException("the input format's minSplitSize() must be at least 1, got "
                            + minSplitSize);
                }
                List<Integer> unsplittable = new ArrayList<>();
                List<String> files = request.inputFiles();
                for (int i = 0; i < files.size(); i++) {
                    if (!format.isSplittable(files.get(i))) {
                        unsplittable.add(i);
                    }
                }
                return new PlanResult(params, defined.isMapOnly(), minSplitSize, unsplittable);
            });
        }
    }

    private static PlanContext planContext(List<String> locations, int reducers, Map<String, String> params) {
        return new PlanContext() {
            @Override
            public List<Path> inputFiles() {
                for (String location : locations) {
                    if (S3Location.isS3(location)) { // no local path to give: the job must use inputLocations()
                        throw new UnsupportedOperationException("input " + location + " is in object storage, "
                                + "which has no local path: use PlanContext.inputLocations()");
                    }
                }
                return locations.stream().map(Path::of).toList();
            }

            @Override
            public List<String> inputLocations() {
                return locations;
            }

            @Override
            public int numReducers() {
                return reducers;
            }

            @Override
            public Map<String, String> params() {
                return Collections.unmodifiableMap(params);
            }

            @Override
            public void setParam(String name, String value) {
                params.put(name, value);
            }
        };
    }
}
