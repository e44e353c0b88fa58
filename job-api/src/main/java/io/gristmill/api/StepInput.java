package io.gristmill.api;

import java.util.Objects;

/**
 * Where a pipeline {@link Step} reads: the pipeline's own input (what was submitted as {@code input}), the output of
 * an earlier step, or a path (a file, folder or glob, like a submitted input). Immutable.
 */
public final class StepInput {
    /** The kinds of input a step can read. */
    public enum Kind {
        /** Every input of the pipeline's submission. */
        PIPELINE_INPUT,
        /** The output of an earlier step (for an iterated step, its last round's). */
        STEP,
        /** A file, folder or glob. */
        PATH
    }

    private static final StepInput PIPELINE = new StepInput(Kind.PIPELINE_INPUT, "");

    private final Kind kind;
    private final String value;

    private StepInput(Kind kind, String value) {
        this.kind = kind;
        this.value = value;
    }

    /** The pipeline's submitted input. */
    public static StepInput pipelineInput() {
        return PIPELINE;
    }

    /** The output of the earlier step named {@code name}; the step starts only once that output's _SUCCESS exists. */
    public static StepInput step(String name) {
        return new StepInput(Kind.STEP, requireText(name, "step name"));
    }

    /** A file, folder or glob, read as a submitted input is. */
    public static StepInput path(String path) {
        return new StepInput(Kind.PATH, requireText(path, "path"));
    }

    public Kind kind() {
        return kind;
    }

    /** The step name ({@link Kind#STEP}), the path ({@link Kind#PATH}), or empty. */
    public String value() {
        return value;
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepInput other && kind == other.kind && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case PIPELINE_INPUT -> "pipeline input";
            case STEP -> "step " + value;
            case PATH -> value;
        };
    }
}
