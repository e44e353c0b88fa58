package io.gristmill.coordinator.internal.recovery;

import io.gristmill.api.InputSplit;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.internal.JobPlanner;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobJournalTest {
    @TempDir
    Path state;

    private final JobSpec spec = spec();
    private final JobPlanner.Accepted accepted = new JobPlanner.Accepted("com.example.Job",
            List.of("/in/a.txt"), "abc123", "Job");

    @Test
    void a_replayed_journal_gives_back_the_spec_the_plan_and_the_last_grant_of_each_task() throws Exception {
        try (JobJournal journal = new JobJournal(state, () -> false)) {
            await(journal.append("job-1", JournalEntries.accepted("job-1", spec, accepted, "secret", 42)));
            await(journal.append("job-1", JournalEntries.planned(Map.of("k", "v", "planned", "yes"),
                    List.of(new InputSplit("/in/a.txt", 0, 100), new InputSplit("/in/a.txt", 100, 50)), 2)));
            await(journal.append("job-1", JournalEntries.granted("r-00000", "r-00000-1",
                    Map.of("gristmill", Map.of("REDUCE_OUTPUT_RECORDS", 7L)))));
            await(journal.append("job-1", JournalEntries.granted("r-00000", "r-00000-2", Map.of())));
        }

        RecoveredJob job = RecoveredJob.replay(new JobJournal(state, () -> false).replay().get("job-1"));

        assertEquals("job-1", job.id());
        assertEquals(spec, job.spec());
        assertEquals(accepted, job.accepted());
        assertEquals("secret", job.secret());
        assertEquals(42, job.submittedMillis());
        assertEquals(List.of(new InputSplit("/in/a.txt", 0, 100), new InputSplit("/in/a.txt", 100, 50)), job.plan().splits());
        assertEquals(Map.of("k", "v", "planned", "yes"), job.plan().params());
        assertEquals(2, job.plan().reducers());
        assertEquals("r-00000-2", job.grants().get("r-00000").attemptId(), "the last grant stands");
        assertEquals(false, job.committing());
        assertNull(job.ending());
    }

    @Test
    void a_job_that_ended_is_not_resumed_and_one_being_killed_finishes_that() throws Exception {
        try (JobJournal journal = new JobJournal(state, () -> false)) {
            await(journal.append("done", JournalEntries.accepted("done", spec, accepted, "s", 1)));
            await(journal.append("done", JournalEntries.ended(JobState.SUCCEEDED)));
            await(journal.append("killing", JournalEntries.accepted("killing", spec, accepted, "s", 1)));
            await(journal.append("killing", JournalEntries.ending(JobState.KILLED, "killed by user", null, null)));
        }
        Map<String, List<JsonObject>> replayed = new JobJournal(state, () -> false).replay();

        assertNull(RecoveredJob.replay(replayed.get("done")));
        assertEquals(JobState.KILLED, RecoveredJob.replay(replayed.get("killing")).ending().state());
    }

    @Test
    void a_last_line_cut_short_by_a_crash_is_ignored() throws Exception {
        try (JobJournal journal = new JobJournal(state, () -> false)) {
            await(journal.append("job-1", JournalEntries.accepted("job-1", spec, accepted, "s", 1)));
        }
        Files.writeString(state.resolve("journal").resolve("job-1.jsonl"), "{\"e\":\"plan", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        RecoveredJob job = RecoveredJob.replay(new JobJournal(state, () -> false).replay().get("job-1"));

        assertEquals("job-1", job.id());
        assertNull(job.plan(), "the torn planning entry was never acted on");
    }

    @Test
    void a_superseded_coordinator_writes_nothing_more() throws Exception {
        AtomicBoolean superseded = new AtomicBoolean();
        try (JobJournal journal = new JobJournal(state, superseded::get)) {
            await(journal.append("job-1", JournalEntries.accepted("job-1", spec, accepted, "s", 1)));
            superseded.set(true);

            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> await(journal.append("job-1", JournalEntries.committing())));

            assertInstanceOf(JobJournal.SupersededException.class, e.getCause());
        }
        List<JsonObject> entries = new JobJournal(state, () -> false).replay().get("job-1");
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).getString("e").equals("accepted"));
    }

    private static JobSpec spec() {
        try {
            return JobSpec.builder(Path.of("/jars/job.jar")).input(List.of("/in")).output("/out").reducers(2)
                    .params(Map.of("k", "v")).planTimeout(Duration.ofSeconds(30)).build();
        } catch (io.gristmill.coordinator.SpecException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> write) throws Exception {
        write.get(10, TimeUnit.SECONDS);
    }
}
