package io.gristmill.coordinator.rest.testjobs;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.Serdes;

import java.util.Map;

/**
 * A job that emits nothing, packed into a jar by the REST tests. It uses only io.gristmill.api and the JDK (the
 * job class loader shows nothing else) and only lambdas, so that this one class file is the whole job.
 */
public class NoopJob implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(() -> (Mapper<Object, Object, String, String>) (key, value, out) -> { })
                .mapOutput(Serdes.string(), Serdes.string())
                .build();
    }
}
