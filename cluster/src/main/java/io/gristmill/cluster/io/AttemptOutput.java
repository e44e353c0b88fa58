package io.gristmill.cluster.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One task attempt's part of a job's output, and how it becomes the task's committed part (DESIGN.md, Commit): a
 * file renamed into {@code _temporary/committed/<task>} on a shared file system, or a pending multipart upload
 * whose manifest is stored there in S3. Blocking, the attempt's task thread only.
 */
public interface AttemptOutput {

    /** Opens the part for writing (once); the engine wraps it in the job's output codec. */
    OutputStream open() throws IOException;

    /** Writes an empty part if {@link #open} was never called (a format that wrote nothing), and closes it. */
    void finish() throws IOException;

    /**
     * Makes this attempt's part the task's committed output; called only on the attempt the coordinator granted.
     *
     * @throws IOException naming the task if another attempt committed it already, or the store failed
     */
    void commit() throws IOException;

    /** Throws away what this attempt wrote; best effort (the job's end removes what is left). */
    void discard();
}
