package io.gristmill.api;

import java.util.Map;

/**
 * The entry point of a job jar that runs several jobs as one pipeline: named, like a {@link JobDefinition}, by the
 * jar manifest's {@code Gristmill-Job} attribute or by the submission's {@code jobClass}. It must be a public class
 * with a public no-argument constructor.
 *
 * <p>The constructor and {@link #define} run once per pipeline in a planning process of their own (never in the
 * coordinator), under the submission's {@code planTimeout}; an exception from either fails the pipeline before any
 * step runs. What they return is data only ({@link Pipeline}, {@link Step}, {@link CounterCondition}): the
 * coordinator runs the steps and decides iterations from it without loading any class of the jar. Each step is an
 * ordinary job of the same jar, planned and run like a submitted one.
 */
public interface PipelineDefinition {

    /**
     * Describes the pipeline's steps.
     *
     * @param params the submission's parameters; every step's job sees them too (with its own on top)
     */
    Pipeline define(Map<String, String> params);
}
