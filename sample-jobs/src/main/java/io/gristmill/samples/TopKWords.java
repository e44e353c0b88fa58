package io.gristmill.samples;

import io.gristmill.api.Pipeline;
import io.gristmill.api.PipelineDefinition;
import io.gristmill.api.Step;

import java.util.Map;

/**
 * The {@code k} most frequent words of the input, as a two-step pipeline: {@code count} is {@link WordCount};
 * {@code top} is {@link TopK} with one reducer over the counts. Parameter {@code k} (default 10). Output: at most k
 * lines {@code word<TAB>count}, most frequent first (ties: by word, in code-point order).
 */
public class TopKWords implements PipelineDefinition {
    public TopKWords() {
    }

    @Override
    public Pipeline define(Map<String, String> params) {
        TopK.k(params); // a bad k fails the pipeline before any step runs
        return Pipeline.builder()
                .step(Step.builder("count", WordCount.class).fromPipelineInput())
                .step(Step.builder("top", TopK.class).fromStep("count").reducers(1))
                .build();
    }
}
