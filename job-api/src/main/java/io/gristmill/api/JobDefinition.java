package io.gristmill.api;

import java.util.Map;

/**
 * The entry point of a job jar, named by the jar manifest's {@code Gristmill-Job} attribute or by the submission's
 * {@code jobClass}. It must be a public class with a public no-argument constructor.
 *
 * <p>The constructor, {@link #plan} and a first {@link #define} run once per job in a planning process of their
 * own (never in the coordinator), under the job's {@code planTimeout}; {@link #define} also runs in every process that
 * executes the job's tasks (once per job per process, on a worker thread, in the job's class loader) and must
 * return an equivalent {@link Job} each time for the same parameters. An exception from either fails the job
 * before any task runs.
 */
public interface JobDefinition {

    /** Builds the job: mapper, optional combiner and reducer, serdes, comparators and formats. */
    Job define(Map<String, String> params);

    /**
     * Optional planning hook, run in the job's planning process before the input is cut into splits. It
     * may read or sample the input files and set parameters (e.g. the range boundaries of a total-order sort).
     */
    default void plan(PlanContext context) throws Exception {
    }
}
