package io.gristmill.cluster.io;

import java.io.IOException;
import java.util.List;

/**
 * The coordinator's side of a job's output (DESIGN.md steps 7–8): reserving it at submission, asking whether a task
 * was committed, committing the job ({@code part-*} files, then {@code _SUCCESS} last) and removing everything a
 * failed or killed job left. Each call is idempotent, so a later coordinator term may repeat it. Blocking: worker
 * threads only.
 */
public interface JobOutput {

    /** The output as the job spec names it (a folder, or {@code s3://bucket/prefix}). */
    String location();

    /**
     * Claims the output for one job.
     *
     * @throws OutputExistsException if it exists already
     * @throws IOException           if it cannot be created or reached (the message names it)
     */
    void reserve() throws IOException;

    /** Whether the granted attempt of {@code taskId} got as far as committing its part. */
    boolean isCommitted(String taskId) throws IOException;

    /** Publishes the committed part of every task in {@code tasks} as {@code part-<task><extension>}, then _SUCCESS. */
    void commit(List<String> tasks, String extension) throws IOException;

    /** Removes everything the job created, pending uploads included. */
    void abort() throws IOException;

    /** Whether the job's commit finished ({@code _SUCCESS} is there). */
    boolean succeeded() throws IOException;

    /** The output exists already; the message names it. */
    final class OutputExistsException extends IOException {
        public OutputExistsException(String message) {
            super(message);
        }
    }
}
