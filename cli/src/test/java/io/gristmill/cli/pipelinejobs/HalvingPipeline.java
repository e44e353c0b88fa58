package io.gristmill.cli.pipelinejobs;

import io.gristmill.api.CounterCondition;
import io.gristmill.api.Pipeline;
import io.gristmill.api.PipelineDefinition;
import io.gristmill.api.Step;

import java.util.Map;

/** count, then halve the counts until all are 0 (at most 20 rounds), then copy: three steps, one iterated. */
public class HalvingPipeline implements PipelineDefinition {
    @Override
    public Pipeline define(Map<String, String> params) {
        return Pipeline.builder()
                .step(Step.builder("count", CountWords.class).fromPipelineInput())
                .step(Step.builder("halve", Halve.class).fromStep("count").reducers(0)
                        .iterate(20, CounterCondition.atMost("halve", "nonzero", 0)))
                .step(Step.builder("second", Second.class).fromStep("halve"))
                .build();
    }
}
