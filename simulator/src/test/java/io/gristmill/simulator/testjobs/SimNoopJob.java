package io.gristmill.simulator.testjobs;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;

import java.util.Map;

/**
 * The job the harness test submits: the coordinator checks and plans it; the simulated workers never load it. Only
 * lambdas and io.gristmill.api, so that this one class file is the whole job jar.
 */
public class SimNoopJob implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(() -> (Mapper<Object, Object, String, String>) (key, value, out) -> { })
                .mapOutput(Serdes.string(), Serdes.string())
                .reducer(() -> (Reducer<String, String, String, String>) (key, values, out) -> { })
                .build();
    }
}
