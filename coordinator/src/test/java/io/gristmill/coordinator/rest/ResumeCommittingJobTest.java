package io.gristmill.coordinator.rest;

import io.gristmill.api.InputSplit;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.internal.JobCommitter;
import io.gristmill.coordinator.internal.JobPlanner;
import io.gristmill.coordinator.internal.recovery.CoordinatorTerms;
import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.gristmill.coordinator.internal.recovery.JournalEntries;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator that died during a job commit (some part files moved, some not): the coordinator of the next term
 * finishes that commit from the journal, without any worker, and the output is complete. Killing a process at that
 * exact moment is a matter of luck; the journal and the output folder it leaves are not.
 */
class ResumeCommittingJobTest {
    @TempDir
    Path dir;
    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @Test
    void a_job_commit_the_previous_term_began_is_finished_by_the_next_with_the_journaled_counters() throws Exception {
        Path state = dir.resolve("state");
        Path output = dir.resolve("out");
        Path input = Files.writeString(dir.resolve("in.txt"), "a b\n");
        JobSpec spec = JobSpec.builder(dir.resolve("job.jar")).input(List.of(input.toString())).output(output.toString())
                .reducers(2).build();
        JobPlanner.Accepted accepted = new JobPlanner.Accepted("com.example.Job", List.of(input.toString()), "hash", "Job");
        Files.createDirectories(JobCommitter.committed(output, "r-00000").getParent());
        Files.writeString(JobCommitter.committed(output, "r-00000"), "a\t1\n");
        Files.writeString(output.resolve("part-r-00001"), "b\t1\n"); // moved before the coordinator died
        new CoordinatorTerms(state).claimNext("1@previous", null, 0).orElseThrow(); // the coordinator that died
        try (JobJournal journal = new JobJournal(state, () -> false)) {
            for (var entry : List.of(JournalEntries.accepted("job-20261201-000000-0001", spec, accepted, "secret", 1),
                    JournalEntries.planned(Map.of(), List.of(new InputSplit(input.toString(), 0, 4)), 2),
                    JournalEntries.granted("r-00000", "r-00000-1", Map.of("gristmill", Map.of("REDUCE_OUTPUT_RECORDS", 1L))),
                    JournalEntries.granted("r-00001", "r-00001-1", Map.of("gristmill", Map.of("REDUCE_OUTPUT_RECORDS", 1L))),
                    JournalEntries.committing())) {
                journal.append("job-20261201-000000-0001", entry).get(10, TimeUnit.SECONDS);
            }
        }

        vertx = Vertx.vertx();
        CoordinatorVerticle coordinator = new CoordinatorVerticle(CoordinatorConfig.defaults().withStateDir(state));
        await(vertx.deployVerticle(coordinator));
        JobStatus job = RestFixture.poll(() -> await(coordinator.job("job-20261201-000000-0001")),
                status -> status.state().isTerminal());

        assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        assertEquals(2L, job.counters().get("gristmill").get("REDUCE_OUTPUT_RECORDS"), "each committed task counts once");
        assertEquals("a\t1\n", Files.readString(output.resolve("part-r-00000")));
        assertEquals("b\t1\n", Files.readString(output.resolve("part-r-00001")));
        assertTrue(Files.exists(output.resolve(JobCommitter.SUCCESS_MARKER)));
        assertFalse(Files.exists(output.resolve(JobCommitter.TEMPORARY)));
        assertEquals(2, coordinator.term(), "the coordinator that wrote the journal held term 1; this one claims the next");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
