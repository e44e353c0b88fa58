package io.gristmill.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link PipelineDefinition} returns: its steps, in the order they run. Immutable; built with
 * {@link #builder()}, which checks that step names are unique and that a step reads only earlier steps' outputs.
 *
 * <p>Steps run one after another, each once the previous one succeeded (and, for every step it reads, once that
 * step's {@code _SUCCESS} exists). A step that fails fails the pipeline with the step's error; killing the pipeline
 * kills the step that runs. The last step's output is the pipeline's.
 */
public final class Pipeline {
    private final List<Step> steps;

    private Pipeline(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Step> steps() {
        return steps;
    }

    /** The step named {@code name}, or null. */
    public Step step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Collects steps; {@link #build()} checks them. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();

        private Builder() {
        }

        /** Adds a step after those already added. */
        public Builder step(Step step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** Adds a step built from {@code step}. */
        public Builder step(Step.Builder step) {
            return step(step.build());
        }

        public Pipeline build() {
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("a pipeline needs at least one step");
            }
            Set<String> earlier = new HashSet<>();
            for (Step step : steps) {
                for (StepInput input : step.inputs()) {
                    if (input.kind() == StepInput.Kind.STEP && !earlier.contains(input.value())) {
                        throw new IllegalArgumentException("step " + step.name() + " reads step " + input.value()
                                + ", which is not an earlier step of the pipeline");
                    }
                }
                if (!earlier.add(step.name())) {
                    throw new IllegalArgumentException("two steps are named " + step.name());
                }
            }
            return new Pipeline(steps);
        }
    }
}
