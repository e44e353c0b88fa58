package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.api.Step;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.SpecException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The job a pipeline step's round runs: the pipeline's submission with the step's class, inputs, output and params. */
final class StepSpecs {
    private StepSpecs() {
    }

    static JobSpec of(JobSpec pipeline, String pipelineName, Step step, int round, List<String> inputs, String output)
            throws SpecException {
        Map<String, String> params = new LinkedHashMap<>(pipeline.params());
        params.putAll(step.params());
        params.put(Step.ROUND_PARAM, Integer.toString(round));
        return JobSpec.builder(pipeline.jar())
                .jobClass(step.jobClass())
                .input(inputs)
                .output(output)
                .reducers(step.reducers() != null ? step.reducers() : pipeline.reducers())
                .splitSize(pipeline.splitSize())
                .sortBuffer(pipeline.sortBuffer())
                .maxAttempts(pipeline.maxAttempts())
                .maxWorkerLosses(pipeline.maxWorkerLosses())
                .params(params)
                .name(pipelineName + "." + step.name() + (step.iterates() ? "#" + round : ""))
                .planTimeout(pipeline.planTimeout())
                .taskTimeout(pipeline.taskTimeout())
                .speculation(pipeline.speculation())
                .maxSkippedRecords(pipeline.maxSkippedRecords())
                .sideFiles(pipeline.sideFiles())
                .outputCompression(pipeline.outputCompression())
                .shuffleCompression(pipeline.shuffleCompression())
                .build();
    }
}
