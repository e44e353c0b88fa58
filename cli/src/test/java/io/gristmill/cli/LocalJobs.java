package io.gristmill.cli;

import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobStatus;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Submitting to and waiting on an in-process {@link LocalCluster}, for tests. */
final class LocalJobs {
    private static final long TIMEOUT_SECONDS = 120;

    private LocalJobs() {
    }

    static String submit(LocalCluster cluster, JobSpec spec) throws Exception {
        return cluster.coordinator().submit(spec).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static JobStatus status(LocalCluster cluster, String id) throws Exception {
        return cluster.coordinator().job(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Polls the job until it ends; fails the test with the job's status after two minutes. */
    static JobStatus awaitEnd(LocalCluster cluster, String id) throws Exception {
        JobStatus status = ProcessCluster.poll(Duration.ofSeconds(TIMEOUT_SECONDS), () -> status(cluster, id),
                s -> s.state().isTerminal());
        if (!status.state().isTerminal()) {
            throw new AssertionError("job " + id + " did not end within " + TIMEOUT_SECONDS + " s: " + status);
        }
        return status;
    }

    static JobStatus run(LocalCluster cluster, JobSpec spec) throws Exception {
        return awaitEnd(cluster, submit(cluster, spec));
    }
}
