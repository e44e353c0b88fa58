package io.gristmill.coordinator.rest;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.HeldMapOutput;
import io.gristmill.cluster.Messages.RegisterWorker;
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
    private static final String JOB = "job-20261201-000000-0001";
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
        journalACommitBegun(state, output);

        vertx = Vertx.vertx();
        // no worker comes back: the commit waits for the held map outputs only as long as the grace
        CoordinatorVerticle coordinator = new CoordinatorVerticle(CoordinatorConfig.defaults().withStateDir(state)
                .withHeldOutputGrace(java.time.Duration.ofSeconds(2)));
        await(vertx.deployVerticle(coordinator));
        JobStatus job = RestFixture.poll(() -> await(coordinator.job(JOB)),
                status -> status.state().isTerminal());

        assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        assertEquals(2L, job.counters().get("gristmill").get("REDUCE_OUTPUT_RECORDS"), "each committed task counts once");
        assertEquals("a\t1\n", Files.readString(output.resolve("part-r-00000")));
        assertEquals("b\t1\n", Files.readString(output.resolve("part-r-00001")));
        assertTrue(Files.exists(output.resolve(JobCommitter.SUCCESS_MARKER)));
        assertFalse(Files.exists(output.resolve(JobCommitter.TEMPORARY)));
        assertEquals(2, coordinator.term(), "the coordinator that wrote the journal held term 1; this one claims the next");
    }

    /**
     * The maps' counters were never journaled (a map is not granted a commit): they come back with the outputs the
     * workers still hold, which become the maps' recovered attempts before the job commit, so the job's counters are
     * those of an undisturbed run and no map shows as never run. (Found by CoordinatorRestartAtEachPhaseTest: the job
     * committed at once and lost every map counter.)
     */
    @Test
    void a_resumed_job_commit_waits_for_the_held_map_outputs_and_counts_the_maps() throws Exception {
        Path state = dir.resolve("state");
        Path output = dir.resolve("out");
        journalACommitBegun(state, output);
        vertx = Vertx.vertx();
        // a grace far longer than the test: the commit must follow the worker's registration, not the grace's end
        CoordinatorVerticle coordinator = new CoordinatorVerticle(CoordinatorConfig.defaults().withStateDir(state)
                .withHeldOutputGrace(java.time.Duration.ofMinutes(5)));
        await(vertx.deployVerticle(coordinator));

        HeldMapOutput held = new HeldMapOutput(JOB, "m-00000", "m-00000-1", "/held/data", "/held/index",
                Map.of("gristmill", Map.of("MAP_INPUT_RECORDS", 1L)));
        await(vertx.eventBus().request(Addresses.REGISTER, Messages.encode(
                new RegisterWorker("w-back", null, 1, "127.0.0.1", 0, 0, List.of(held)))));
        JobStatus job = RestFixture.poll(() -> await(coordinator.job(JOB)), status -> status.state().isTerminal());

        assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        assertEquals(1L, job.counters().get("gristmill").get("MAP_INPUT_RECORDS"), "the held map's counters count");
        assertEquals(2L, job.counters().get("gristmill").get("REDUCE_OUTPUT_RECORDS"));
        JobStatus.TaskStatus map = await(coordinator.tasks(JOB)).stream().filter(t -> t.taskId().equals("m-00000"))
                .findFirst().orElseThrow();
        assertEquals(1, map.attempts().size(), map.toString());
        assertTrue(map.attempts().get(0).recovered(), map.toString());
        assertTrue(Files.exists(output.resolve(JobCommitter.SUCCESS_MARKER)));
    }

    /** The journal and output folder of a job whose commit began, one part moved, when its coordinator died. */
    private void journalACommitBegun(Path state, Path output) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "a b\n");
        JobSpec spec = JobSpec.builder(dir.resolve("job.jar")).input(List.of(input.toString())).output(output.toString())
                .reducers(2).build();
        JobPlanner.Accepted accepted = new JobPlanner.Accepted("com.example.Job", List.of(input.toString()), "hash", "Job");
        Files.createDirectories(JobCommitter.committed(output, "r-00000").getParent());
        Files.writeString(JobCommitter.committed(output, "r-00000"), "a\t1\n");
        Files.writeString(output.resolve("part-r-00001"), "b\t1\n"); // moved before the coordinator died
        new CoordinatorTerms(state).claimNext("1@previous", null, 0).orElseThrow(); // the coordinator that died
        try (JobJournal journal = new JobJournal(state, () -> false)) {
            for (var entry : List.of(JournalEntries.accepted(JOB, spec, accepted, "secret", 1),
                    JournalEntries.planned(Map.of(), List.of(new InputSplit(input.toString(), 0, 4)), 2),
                    JournalEntries.granted("r-00000", "r-00000-1", Map.of("gristmill", Map.of("REDUCE_OUTPUT_RECORDS", 1L))),
                    JournalEntries.granted("r-00001", "r-00001-1", Map.of("gristmill", Map.of("REDUCE_OUTPUT_RECORDS", 1L))),
                    JournalEntries.committing())) {
                journal.append(JOB, entry).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
