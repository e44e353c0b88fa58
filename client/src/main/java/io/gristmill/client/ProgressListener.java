package io.gristmill.client;

import java.net.URI;

/**
 * Told how a followed job moves. Called on the thread that follows the job (the caller's, for
 * {@link GristmillClient#awaitCompletion(String, java.time.Duration, ProgressListener)}), one call at a time, in
 * order. An exception thrown here ends the following and reaches whoever waits for it.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A status that differs from the one before it (the first one always counts as different). */
    void onProgress(JobStatus status);

    /** The job is now followed through another coordinator: a standby took over, or the client failed over. */
    default void onCoordinatorChanged(URI coordinator) {
    }
}
