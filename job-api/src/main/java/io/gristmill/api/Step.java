package io.gristmill.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One step of a {@link Pipeline}: a job of the pipeline's jar (a {@link JobDefinition} class), what it reads, and
 * optionally how it iterates. Immutable; built with {@link #builder(String, Class)}.
 *
 * <p>A step's job runs as an ordinary job of the coordinator, with the submission's options (reducers, split size,
 * attempts...), the submission's parameters plus the step's own, and its output in
 * {@code <pipeline output>/_steps/<name>} (an iterated step: {@code .../_steps/<name>/round-<n>}). The last step's
 * output becomes the pipeline's output; the other steps' outputs are removed when the pipeline ends unless the step
 * is {@linkplain Builder#keep() kept}.
 *
 * <p><b>Iteration</b> ({@link Builder#iterate}): the step runs as round 1, 2, ... each round one job; round 1 reads
 * the step's inputs, every later round reads the previous round's output instead. After each round that succeeded,
 * the step ends when its {@link CounterCondition} holds for that round's counters, or when it has run
 * {@code maxRounds} rounds. Every round's job sees its number as parameter {@value #ROUND_PARAM} (from 1).
 */
public final class Step {
    /** The parameter carrying an iterated step's round number (1 for the first round and for steps that do not iterate). */
    public static final String ROUND_PARAM = "gristmill.round";
    /** The most rounds one iterated step may run. */
    public static final int MAX_ROUNDS = 10_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String name;
    private final String jobClass;
    private final List<StepInput> inputs;
    private final Map<String, String> params;
    private final Integer reducers;
    private final boolean keep;
    private final int maxRounds;
    private final CounterCondition until;

    private Step(Builder b) {
        this.name = b.name;
        this.jobClass = b.jobClass;
        this.inputs = List.copyOf(b.inputs);
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.reducers = b.reducers;
        this.keep = b.keep;
        this.maxRounds = b.maxRounds;
        this.until = b.until;
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("step " + name + " reads nothing: give it at least one input");
        }
    }

    /** A step named {@code name} (letters, digits, {@code _ . -}; at most 64) running job {@code job}. */
    public static Builder builder(String name, Class<? extends JobDefinition> job) {
        return builder(name, Objects.requireNonNull(job, "job").getName());
    }

    /** Like {@link #builder(String, Class)}, with the job class's binary name. */
    public static Builder builder(String name, String jobClass) {
        return new Builder(name, jobClass);
    }

    public String name() {
        return name;
    }

    /** The binary name of the step's {@link JobDefinition} class. */
    public String jobClass() {
        return jobClass;
    }

    public List<StepInput> inputs() {
        return inputs;
    }

    /** Parameters the step's job gets on top of the pipeline's. */
    public Map<String, String> params() {
        return params;
    }

    /** The step's reducer count, or null for the submission's. */
    public Integer reducers() {
        return reducers;
    }

    /** Whether the step's output stays after the pipeline ends (the last step's always does, as the pipeline's). */
    public boolean keep() {
        return keep;
    }

    /** 1 for a step that runs once; else the most rounds it runs. */
    public int maxRounds() {
        return maxRounds;
    }

    /** When an iterated step stops before {@link #maxRounds()}, or null (a step that runs once, or always maxRounds). */
    public CounterCondition until() {
        return until;
    }

    public boolean iterates() {
        return maxRounds > 1 || until != null;
    }

    @Override
    public String toString() {
        return "step " + name + " (" + jobClass + ")";
    }

    /** Collects a step's parts; {@link #build()} checks them. */
    public static final class Builder {
        private final String name;
        private final String jobClass;
        private final List<StepInput> inputs = new ArrayList<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private Integer reducers;
        private boolean keep;
        private int maxRounds = 1;
        private CounterCondition until;

        private Builder(String name, String jobClass) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("step name '" + name + "' must be 1-64 letters, digits, '_', '.'"
                        + " or '-', starting with a letter or digit");
            }
            Objects.requireNonNull(jobClass, "jobClass");
            if (jobClass.isBlank()) {
                throw new IllegalArgumentException("step " + name + ": jobClass must not be blank");
            }
            this.name = name;
            this.jobClass = jobClass;
        }

        /** Adds inputs. */
        public Builder input(StepInput... more) {
            for (StepInput input : more) {
                inputs.add(Objects.requireNonNull(input, "input"));
            }
            return this;
        }

        /** Reads the pipeline's submitted input. */
        public Builder fromPipelineInput() {
            return input(StepInput.pipelineInput());
        }

        /** Reads the output of the earlier step {@code step}. */
        public Builder fromStep(String step) {
            return input(StepInput.step(step));
        }

        /** Reads a file, folder or glob. */
        public Builder fromPath(String path) {
            return input(StepInput.path(path));
        }

        public Builder param(String key, String value) {
            params.put(Objects.requireNonNull(key, "param name"), Objects.requireNonNull(value, "param value"));
            return this;
        }

        /** The step's reducer count (0 = map-only); default: the submission's. */
        public Builder reducers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("step " + name + ": reducers must be at least 0, got " + count);
            }
            this.reducers = count;
            return this;
        }

        /** Keeps the step's output (in {@code <pipeline output>/_steps/<name>}) when the pipeline ends. */
        public Builder keep() {
            this.keep = true;
            return this;
        }

        /**
         * Runs the step in rounds until {@code until} holds for a round's counters, or {@code maxRounds} rounds ran.
         *
         * @param until null to always run {@code maxRounds} rounds
         */
        public Builder iterate(int maxRounds, CounterCondition until) {
            if (maxRounds < 1 || maxRounds > MAX_ROUNDS) {
                throw new IllegalArgumentException("step " + name + ": maxRounds must be between 1 and " + MAX_ROUNDS
                        + ", got " + maxRounds);
            }
            this.maxRounds = maxRounds;
            this.until = until;
            return this;
        }

        public Step build() {
            return new Step(this);
        }
    }
}
