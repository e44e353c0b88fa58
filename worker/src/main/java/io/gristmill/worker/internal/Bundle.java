package io.gristmill.worker.internal;

import java.util.List;
import java.util.function.Consumer;

/**
 * The attempts of one RUN message, run one after another on one task thread, holding one slot until that thread
 * ends. Belongs to the worker incarnation that accepted it.
 */
public final class Bundle {
    private final String incarnation;
    private final BundleExecution execution;
    private final List<WorkerAttempt> attempts;

    /** @param onThreadEnd called on the task thread when the bundle's thread is about to end; must hop to the context */
    public Bundle(String incarnation, List<AttemptExecution> executions, CoordinatorClient coordinator,
                  Consumer<Bundle> onThreadEnd) {
        this.incarnation = incarnation;
        this.execution = new BundleExecution(executions, coordinator, () -> onThreadEnd.accept(this));
        this.attempts = executions.stream().map(e -> new WorkerAttempt(e, () -> execution.isIn(e))).toList();
    }

    /** What a task thread runs. */
    public Runnable task() {
        return execution;
    }

    public String incarnation() {
        return incarnation;
    }

    public List<WorkerAttempt> attempts() {
        return attempts;
    }

    @Override
    public String toString() {
        return "bundle of " + attempts.stream().map(WorkerAttempt::key).toList();
    }
}
