package io.gristmill.coordinator.internal.planning;

import io.gristmill.api.CounterCondition;
import io.gristmill.api.Pipeline;
import io.gristmill.api.Step;
import io.gristmill.api.StepInput;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A pipeline's steps in the planning result file. The coordinator rebuilds them with the job API's own builders
 * (which check them again), so what it holds is data in host classes: no class of the job jar is ever loaded there.
 */
public final class PipelineCodec {
    private PipelineCodec() {
    }

    /** The steps as bytes: how the journal keeps a pipeline's definition for a later coordinator term. */
    public static byte[] toBytes(Pipeline pipeline) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, pipeline);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // memory only
        }
        return bytes.toByteArray();
    }

    /** Reads back {@link #toBytes}; fails naming what is wrong with them. */
    public static Pipeline fromBytes(byte[] bytes) throws IOException {
        return read(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    }

    static void write(DataOutputStream out, Pipeline pipeline) throws IOException {
        out.writeInt(pipeline.steps().size());
        for (Step step : pipeline.steps()) {
            PlanFiles.writeString(out, step.name());
            PlanFiles.writeString(out, step.jobClass());
            out.writeInt(step.inputs().size());
            for (StepInput input : step.inputs()) {
                out.writeByte(input.kind().ordinal());
                PlanFiles.writeString(out, input.value());
            }
            PlanFiles.writeMap(out, step.params());
            out.writeInt(step.reducers() == null ? -1 : step.reducers());
            out.writeBoolean(step.keep());
            out.writeInt(step.maxRounds());
            CounterCondition until = step.until();
            out.writeBoolean(until != null);
            if (until != null) {
                PlanFiles.writeString(out, until.group());
                PlanFiles.writeString(out, until.name());
                out.writeByte(until.comparison().ordinal());
                out.writeLong(until.threshold());
            }
        }
    }

    static Pipeline read(DataInputStream in) throws IOException {
        try {
            Pipeline.Builder pipeline = Pipeline.builder();
            int steps = in.readInt();
            for (int i = 0; i < steps; i++) {
                pipeline.step(readStep(in));
            }
            return pipeline.build();
        } catch (IllegalArgumentException e) {
            throw new IOException("a pipeline in a planning file is not valid: " + e.getMessage(), e);
        }
    }

    private static Step readStep(DataInputStream in) throws IOException {
        Step.Builder step = Step.builder(PlanFiles.readString(in), PlanFiles.readString(in));
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            StepInput.Kind kind = StepInput.Kind.values()[in.readByte()];
            String value = PlanFiles.readString(in);
            step.input(switch (kind) {
                case PIPELINE_INPUT -> StepInput.pipelineInput();
                case STEP -> StepInput.step(value);
                case PATH -> StepInput.path(value);
            });
        }
        for (Map.Entry<String, String> param : PlanFiles.readMap(in).entrySet()) {
            step.param(param.getKey(), param.getValue());
        }
        int reducers = in.readInt();
        if (reducers >= 0) {
            step.reducers(reducers);
        }
        if (in.readBoolean()) {
            step.keep();
        }
        int maxRounds = in.readInt();
        CounterCondition until = null;
        if (in.readBoolean()) {
            until = CounterCondition.of(PlanFiles.readString(in), PlanFiles.readString(in),
                    CounterCondition.Comparison.values()[in.readByte()], in.readLong());
        }
        if (maxRounds > 1 || until != null) {
            step.iterate(maxRounds, until);
        }
        return step.build();
    }
}
