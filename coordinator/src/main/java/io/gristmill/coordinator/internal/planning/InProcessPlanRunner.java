package io.gristmill.coordinator.internal.planning;

import io.gristmill.cluster.Failures;

import java.util.concurrent.CompletableFuture;

/**
 * Plans each job on a thread of its own in this process. Only for {@code gristmill local}, whose one process runs the
 * job's tasks too, so planning there adds no code the process would not run anyway; a coordinator serving others
 * uses {@link ChildProcessPlanRunner}. A killed planning is interrupted and abandoned: a job that ignores the
 * interrupt keeps its thread, which is the local user's own process to stop.
 */
public final class InProcessPlanRunner implements PlanRunner {

    @Override
    public Planning start(PlanRequest request) {
        CompletableFuture<PlanResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(JobCode.plan(request));
            } catch (Throwable e) {
                result.completeExceptionally(new PlanningFailedException(Failures.describe(e), Failures.stackTrace(e)));
            }
        }, "gristmill-planning");
        thread.setDaemon(true);
        thread.start();
        return new Planning() {
            @Override
            public CompletableFuture<PlanResult> result() {
                return result;
            }

            @Override
            public void kill(String reason) {
                if (result.completeExceptionally(new PlanningFailedException(reason, null))) {
                    thread.interrupt();
                }
            }
        };
    }

    @Override
    public void close() {
    }
}
