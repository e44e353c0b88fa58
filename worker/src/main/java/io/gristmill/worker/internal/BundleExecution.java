package io.gristmill.worker.internal;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequests;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the attempts of one RUN message in one slot, on a task thread: one after another (a killed attempt that has
 * not started is skipped), then asks the coordinator for all their commits in one request, and hands every outcome
 * to {@code onEnd} at once, so that a bundle of short tasks costs one round of messages.
 */
public final class BundleExecution implements Runnable {
    private final List<AttemptExecution> attempts;
    private final CoordinatorClient coordinator;
    private final Consumer<List<AttemptUpdate>> onEnd;

    /** @param onEnd gets the outcomes to report (possibly none) once every attempt of the bundle has ended */
    public BundleExecution(List<AttemptExecution> attempts, CoordinatorClient coordinator,
                           Consumer<List<AttemptUpdate>> onEnd) {
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
                    attempt.execute();
                    if (attempt.awaitsCommit()) {
                        awaiting.add(attempt);
                    }
                }
            }
            commit(awaiting);
        } finally {
            List<AttemptUpdate> outcomes = new ArrayList<>(attempts.size());
            for (AttemptExecution attempt : attempts) {
                if (attempt.outcome() != null) {
                    outcomes.add(attempt.outcome());
                }
            }
            onEnd.accept(outcomes);
        }
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
