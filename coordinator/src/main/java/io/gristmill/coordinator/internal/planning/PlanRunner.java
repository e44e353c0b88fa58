package io.gristmill.coordinator.internal.planning;

import java.util.concurrent.CompletableFuture;

/**
 * Runs a job's own planning code (its constructor, {@code plan} and {@code define}) somewhere a misbehaving job can
 * only fail itself: {@link ChildProcessPlanRunner} in a process of its own (the coordinator), or
 * {@link InProcessPlanRunner} on a thread of its own (local mode, whose process runs the job's tasks anyway).
 */
public interface PlanRunner extends AutoCloseable {

    /** Starts planning; never blocks (work happens on the runner's own threads). */
    Planning start(PlanRequest request);

    /** Stops every planning still running and releases what the runner holds. */
    @Override
    void close();

    /** One job's planning under way. */
    interface Planning {
        /**
         * Completes with the plan, or exceptionally with a {@link PlanningFailedException} naming what went wrong.
         * Completes on one of the runner's threads.
         */
        CompletableFuture<PlanResult> result();

        /** Stops the planning (kills its process); {@link #result()} then fails with {@code reason}. */
        void kill(String reason);
    }
}
