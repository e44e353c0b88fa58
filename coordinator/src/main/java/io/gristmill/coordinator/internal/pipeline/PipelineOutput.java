package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.cluster.io.Storages;
import io.gristmill.cluster.io.s3.S3Location;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Where a pipeline's step outputs live and the work its end needs, on the storage of the pipeline's output: steps
 * write below {@code <output>/_steps}, a name starting with {@code _} so that listing the pipeline's output as a
 * later job's input skips it. A folder on the shared file system ({@link LocalPipelineOutput}) or an
 * {@code s3://bucket/prefix} ({@link S3PipelineOutput}). Blocking except {@link #stepOutput}: call on a worker
 * thread, never the event loop.
 */
interface PipelineOutput {
    String STEPS = "_steps";

    /** The output of {@code location} (normalized as a job's output is). */
    static PipelineOutput of(String location) {
        if (S3Location.isS3(location)) {
            return new S3PipelineOutput(Storages::s3, S3Location.parse(location));
        }
        return new LocalPipelineOutput(Path.of(location).toAbsolutePath().normalize());
    }

    /** The pipeline's output, as its status shows it. */
    String location();

    /** A step's output: {@code <output>/_steps/<step>}, or {@code .../round-<n>} for an iterated step. */
    String stepOutput(String step, boolean iterated, int round);

    /** Whether a step's output is complete (holds {@code _SUCCESS}). */
    boolean succeeded(String stepOutput) throws IOException;

    /**
     * Makes the last step's output the pipeline's: its part files appear directly in the pipeline's output,
     * {@code _SUCCESS} last (so a reader that sees it sees every part), then the step outputs not kept are removed.
     */
    void promote(String lastOutput, Collection<String> removedSteps) throws IOException;

    /** A failed or killed pipeline leaves nothing: like a job's, its whole output goes, kept steps included. */
    void removeAll() throws IOException;

    /** Removes one step output (a round no one reads any more). */
    void remove(String stepOutput) throws IOException;
}
