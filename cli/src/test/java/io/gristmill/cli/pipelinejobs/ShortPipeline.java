package io.gristmill.cli.pipelinejobs;

import io.gristmill.api.Pipeline;
import io.gristmill.api.PipelineDefinition;
import io.gristmill.api.Step;

import java.util.Map;

/** count, then copy ({@link Second}, which the parameters make slow or failing). */
public class ShortPipeline implements PipelineDefinition {
    @Override
    public Pipeline define(Map<String, String> params) {
        return Pipeline.builder()
                .step(Step.builder("count", CountWords.class).fromPipelineInput())
                .step(Step.builder("second", Second.class).fromStep("count"))
                .build();
    }
}
