package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobHistoryTest {
    @TempDir
    Path dir;

    private JobStatus status(String id, JobState state, Path output) {
        JobStatus.TaskCounts none = new JobStatus.TaskCounts(0, 0, 0, 0, 0, 0, 0.0);
        return new JobStatus(id, "test", state, output.toString(), Map.of(), 1, 2, state.isTerminal() ? 3 : 0, none,
                none, Map.of(), null, null, null, List.of(), Map.of());
    }

    @Test
    void writes_asked_for_in_order_land_in_order_so_a_final_state_is_never_overwritten() throws Exception {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try (JobHistory history = new JobHistory(dir.resolve("state"))) {
            for (int i = 0; i < 200; i++) {
                Path output = dir.resolve("out-" + i);
                writes.add(history.recordLater(status("job-" + i, JobState.PLANNING, output)));
                writes.add(history.recordLater(status("job-" + i, JobState.RUNNING, output)));
                writes.add(history.recordLater(status("job-" + i, JobState.SUCCEEDED, output)));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        List<JobStatus> recovered = new JobHistory(dir.resolve("state")).recover();
        assertEquals(200, recovered.size());
        assertTrue(recovered.stream().allMatch(s -> s.state() == JobState.SUCCEEDED), recovered.toString());
        try (var left = Files.list(dir.resolve("state/jobs"))) {
            assertTrue(left.allMatch(f -> f.toString().endsWith(".json")), "no temporary file is left behind");
        }
    }

    @Test
    void a_job_recorded_as_running_whose_output_holds_SUCCESS_succeeded_and_its_output_is_kept() throws Exception {
        Path output = Files.createDirectories(dir.resolve("done"));
        Files.writeString(output.resolve("part-r-00000"), "word\t1\n");
        Files.createFile(output.resolve(JobCommitter.SUCCESS_MARKER));
        new JobHistory(dir.resolve("state")).record(status("job-1", JobState.PLANNING, output));

        List<JobStatus> recovered = new JobHistory(dir.resolve("state")).recover();

        assertEquals(JobState.SUCCEEDED, recovered.get(0).state());
        assertNull(recovered.get(0).error());
        assertEquals("word\t1\n", Files.readString(output.resolve("part-r-00000")));
        assertEquals(JobState.SUCCEEDED, new JobHistory(dir.resolve("state")).recover().get(0).state(), "recorded");
    }

    @Test
    void a_job_recorded_as_running_without_SUCCESS_failed_and_its_partial_output_is_removed() throws Exception {
        Path output = Files.createDirectories(dir.resolve("partial/_temporary/committed"));
        new JobHistory(dir.resolve("state")).record(status("job-1", JobState.RUNNING, dir.resolve("partial")));

        List<JobStatus> recovered = new JobHistory(dir.resolve("state")).recover();

        assertEquals(JobState.FAILED, recovered.get(0).state());
        assertEquals("coordinator restarted while the job was running", recovered.get(0).error());
        assertFalse(Files.exists(output));
    }

    @Test
    void an_unreadable_record_is_set_aside_and_the_others_still_load() throws Exception {
        new JobHistory(dir.resolve("state")).record(status("job-1", JobState.SUCCEEDED, dir.resolve("a")));
        Path jobs = dir.resolve("state/jobs");
        Files.writeString(jobs.resolve("job-2.json"), "{\"id\":\"job-2\",\"state\":\"SUCC{\"id\":\"job-2\"");
        Files.write(jobs.resolve("job-3.json"), new byte[]{(byte) 0xff, (byte) 0xfe, 0});

        List<JobStatus> recovered = new JobHistory(dir.resolve("state")).recover();

        assertEquals(List.of("job-1"), recovered.stream().map(JobStatus::id).toList());
        assertTrue(Files.exists(jobs.resolve("job-2.json.unreadable")));
        assertTrue(Files.exists(jobs.resolve("job-3.json.unreadable")));
    }
}
