package io.gristmill.coordinator.rest;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequest;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.internal.JobCommitter;
import io.gristmill.coordinator.internal.JobPlanner;
import io.gristmill.coordinator.internal.recovery.CoordinatorTerms;
import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.gristmill.coordinator.internal.recovery.JournalEntries;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window issue 14 left open: a coordinator granted a task's commit and died; the next term found no
 * {@code committed/<task>} yet and ran the task again; then the earlier attempt's rename landed, so the new attempt's
 * own rename found the target taken and failed. The earlier output is complete and was granted: it must become the
 * task's, with the journaled counters, and the job succeed — not fail with "already committed". A scripted worker
 * on the coordinator's event bus plays both the late rename and the failed one.
 */
class LateEarlierCommitTest {
    private static final String JOB = "job-20261201-000000-0001";

    @TempDir
    Path dir;
    private ProtocolFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void whenTheEarlierTermsGrantedRenameLandsAfterTheTaskRanAgain_thenItsOutputAndCountersStand() throws Exception {
        Path state = dir.resolve("state");
        Path output = dir.resolve("out");
        Path input = Files.writeString(dir.resolve("in.txt"), "one line\n");
        JobSpec spec = JobSpec.builder(dir.resolve("job.jar")).input(List.of(input.toString()))
                .output(output.toString()).reducers(0).build();
        new CoordinatorTerms(state).claimNext("1@previous", null, 0).orElseThrow(); // the coordinator that died
        try (JobJournal journal = new JobJournal(state, () -> false)) {
            for (JsonObject entry : List.of(
                    JournalEntries.accepted(JOB, spec, new JobPlanner.Accepted("com.example.Job", List.of(input),
                            "hash", "Job"), "secret", 1),
                    JournalEntries.planned(Map.of(), List.of(new InputSplit(input.toString(), 0, 9)), 0),
                    JournalEntries.granted("m-00000", "m-00000-1", Map.of("gristmill", Map.of("MAP_INPUT_RECORDS", 7L))))) {
                journal.append(JOB, entry).get(10, TimeUnit.SECONDS);
            }
        }
        fixture = ProtocolFixture.start(CoordinatorConfig.defaults().withStateDir(state));
        BlockingQueue<RunAttempt> runs = scriptedWorker("w-1");

        RunAttempt again = runs.poll(ProtocolFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(again, "no committed output when the new term looked: the task runs again");
        CommitRequest commit = new CommitRequest(again.ref(), "w-1", Map.of("gristmill", Map.of("MAP_INPUT_RECORDS", 1L)));
        assertTrue(fixture.request(Addresses.COMMIT, new CommitRequests(List.of(commit)), CommitDecisions.class)
                .decisions().get(0).granted(), "the new term grants its own attempt");
        Path committed = JobCommitter.committed(output, "m-00000");
        Files.createDirectories(committed.getParent());
        Files.writeString(committed, "from the earlier term\n"); // the earlier attempt's late rename
        String error = "task m-00000 was already committed by another attempt";
        fixture.request(Addresses.ATTEMPT_UPDATE, new AttemptUpdates(List.of(new AttemptUpdate(again.ref(), "w-1",
                ReportedState.FAILED, 1, Map.of(), error, error, null))), UpdatesAnswered.class);

        JobStatus job = fixture.awaitEnd(JOB);
        assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        assertEquals("from the earlier term\n", Files.readString(output.resolve("part-m-00000")));
        assertEquals(7L, job.counters().get("gristmill").get("MAP_INPUT_RECORDS"), "the journaled grant's counters");
        assertTrue(runs.isEmpty(), "the task did not run a third time");
    }

    /** A live worker that records the attempts it is given and acknowledges them. */
    private BlockingQueue<RunAttempt> scriptedWorker(String workerId) throws Exception {
        BlockingQueue<RunAttempt> runs = new LinkedBlockingQueue<>();
        fixture.vertx.eventBus().<Object>consumer(Addresses.worker(workerId), message -> {
            if (WorkerAction.RUN.name().equals(message.headers().get(Addresses.ACTION_HEADER))) {
                runs.addAll(Messages.decode(message.body(), RunAttempts.class).attempts());
                message.reply(new JsonObject());
            }
        });
        String epoch = fixture.request(Addresses.REGISTER, new RegisterWorker(workerId, null, 1, "127.0.0.1", 0),
                Registered.class).epoch();
        Heartbeat beat = new Heartbeat(workerId, epoch, List.of());
        fixture.vertx.eventBus().request(Addresses.HEARTBEAT, Messages.encode(beat));
        fixture.vertx.setPeriodic(300, t -> fixture.vertx.eventBus().request(Addresses.HEARTBEAT, Messages.encode(beat)));
        return runs;
    }
}
