package io.gristmill.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Polls one job until it ends, telling a listener of each change and of each change of coordinator. */
final class Follower {
    /** Reads a job's status (failing over between coordinators as requests do). */
    interface Poll {
        JobStatus status(String id) throws IOException, InterruptedException;
    }

    private final Poll poll;
    private final Supplier<URI> coordinator;
    private final Duration interval;
    private final ProgressListener listener;

    Follower(Poll poll, Supplier<URI> coordinator, Duration interval, ProgressListener listener) {
        this.poll = poll;
        this.coordinator = coordinator;
        this.interval = interval;
        this.listener = listener;
    }

    JobStatus follow(String id, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        return follow(id, timeout, null);
    }

    /** Follows the job into {@code result}; stops early when {@code result} is completed or cancelled elsewhere. */
    void followInto(String id, CompletableFuture<JobStatus> result) {
        try {
            JobStatus last = follow(id, null, result);
            result.complete(last);
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }

    private JobStatus follow(String id, Duration timeout, CompletableFuture<?> stopWhenDone)
            throws IOException, InterruptedException, TimeoutException {
        long deadline = timeout == null ? 0 : deadline(timeout);
        JobStatus previous = null;
        URI via = coordinator.get();
        while (stopWhenDone == null || !stopWhenDone.isDone()) {
            JobStatus status = poll.status(id);
            URI now = coordinator.get();
            if (!now.equals(via)) {
                via = now;
                listener.onCoordinatorChanged(now);
            }
            if (!status.equals(previous)) {
                previous = status;
                listener.onProgress(status);
            }
            if (status.state().isTerminal()) {
                return status;
            }
            long left = timeout == null ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("job " + id + " is still " + status.state() + " after " + timeout);
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, interval.toNanos()));
        }
        return previous;
    }

    /** {@code System.nanoTime()} after {@code timeout}; a timeout of centuries is capped so the sum cannot overflow. */
    private static long deadline(Duration timeout) {
        long cap = TimeUnit.DAYS.toNanos(365 * 100);
        return System.nanoTime() + (timeout.compareTo(Duration.ofNanos(cap)) > 0 ? cap : timeout.toNanos());
    }
}
