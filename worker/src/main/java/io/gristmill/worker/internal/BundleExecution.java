package io.gristmill.worker.internal;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequests;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the attempts of one RUN message in one slot, on a task thread: one after another (a killed attempt that has
 * not started is skipped), then asks the coordinator for all their commits in one request, and hands every outcome
 * to {@code onEnd} at once, so that a bundle of short tasks costs one round of messages.
 */
public final class BundleExecution implements Runnable {
    private final List<AttemptExecution> attempts;
    private final CoordinatorClient coordinator;
    private final Runnable onEnd;
    // the attempts this thread is in: the one it executes, or those awaiting their commit; read by the watchdog
    private volatile List<AttemptExecution> inHand = List.of();

    /** @param onEnd called once every attempt of the bundle has ended, as the thread's last act */
    public BundleExecution(List<AttemptExecution> attempts, CoordinatorClient coordinator, Runnable onEnd) {
        this.attempts = List.copyOf(attempts);
        this.coordinator = coordinator;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        List<AttemptExecution> awaiting = new ArrayList<>();
        try {
            for (AttemptExecution attempt : attempts) {
                if (!attempt.isCancelled()) {
                    inHand = List.of(attempt);
                    attempt.execute();
                    if (attempt.awaitsCommit()) {
                        awaiting.add(attempt);
                    }
                }
            }
            inHand = List.copyOf(awaiting);
            commit(awaiting);
        } finally {
            inHand = List.of();
            onEnd.run();
        }
    }

    /**
     * Whether this bundle's thread is in {@code attempt}: executing it or awaiting its commit. False before the
     * thread reaches it and after the thread left it. Any thread.
     */
    public boolean isIn(AttemptExecution attempt) {
        return inHand.contains(attempt);
    }

    private void commit(List<AttemptExecution> awaiting) {
        if (awaiting.isEmpty()) {
            return;
        }
        CommitDecisions answer;
        try {
            answer = coordinator.await(Addresses.COMMIT,
                    new CommitRequests(awaiting.stream().map(AttemptExecution::commitRequest).toList()),
                    CommitDecisions.class);
            if (answer.decisions().size() != awaiting.size()) {
                throw new IllegalStateException("the coordinator answered " + answer.decisions().size()
                        + " of " + awaiting.size() + " commit requests");
            }
        } catch (Exception e) {
            awaiting.forEach(attempt -> attempt.commitFailed(e));
            return;
        }
        for (int i = 0; i < awaiting.size(); i++) {
            awaiting.get(i).commit(answer.decisions().get(i));
        }
    }
}
