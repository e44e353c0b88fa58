package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.PipelineStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PipelineHistoryTest {
    @TempDir
    Path stateDir;

    @Test
    void aFinishedPipelineStaysInHistory_andOneThatHadNotEndedIsListedAsFailed() throws Exception {
        PipelineStatus done = status("pipeline-1", JobState.SUCCEEDED);
        PipelineStatus running = status("pipeline-2", JobState.RUNNING);
        try (PipelineHistory history = new PipelineHistory(stateDir)) {
            history.recordLater(done).get();
            history.recordLater(running).get();
        }

        PipelineHistory restarted = new PipelineHistory(stateDir);
        List<PipelineStatus> recovered = restarted.recover(java.util.Set.of());

        assertEquals(done, recovered.get(0));
        assertEquals(JobState.FAILED, recovered.get(1).state());
        assertEquals(PipelineHistory.RESTARTED, recovered.get(1).error());
        assertEquals(running.steps(), recovered.get(1).steps());
        assertEquals(java.util.Set.of("pipeline-2"), restarted.settledByRecovery(), "only the unfinished one is ended");
        PipelineHistory again = new PipelineHistory(stateDir);
        assertEquals(JobState.FAILED, again.recover(java.util.Set.of()).get(1).state(), "recorded as FAILED");
        assertEquals(java.util.Set.of(), again.settledByRecovery(), "a later restart ends nothing again");
    }

    @Test
    void anUnfinishedPipelineTheJournalResumes_isLeftToIt() throws Exception {
        try (PipelineHistory history = new PipelineHistory(stateDir)) {
            history.recordLater(status("pipeline-1", JobState.RUNNING)).get();
        }

        PipelineHistory restarted = new PipelineHistory(stateDir);

        assertEquals(List.of(), restarted.recover(java.util.Set.of("pipeline-1")));
        assertEquals(java.util.Set.of(), restarted.settledByRecovery());
    }

    @Test
    void anUnfinishedRecordOfAPipelineWhoseOutputHoldsSuccess_isRecordedSucceeded_andNothingOfItIsEnded() throws Exception {
        java.nio.file.Path output = java.nio.file.Files.createDirectories(stateDir.resolve("out"));
        java.nio.file.Files.createFile(output.resolve("_SUCCESS")); // committed; the record had not caught up
        PipelineStatus committing = status("pipeline-1", JobState.COMMITTING);
        committing = new PipelineStatus(committing.id(), committing.name(), committing.state(), output.toString(),
                committing.params(), 1, 2, 0, committing.steps(), committing.counters(), null, null, null, null);
        try (PipelineHistory history = new PipelineHistory(stateDir)) {
            history.recordLater(committing).get();
        }

        PipelineHistory restarted = new PipelineHistory(stateDir);

        assertEquals(JobState.SUCCEEDED, restarted.recover(java.util.Set.of()).get(0).state());
        assertEquals(java.util.Set.of(), restarted.settledByRecovery(), "its output is not removed");
    }

    private static PipelineStatus status(String id, JobState state) {
        PipelineStatus.StepStatus step = new PipelineStatus.StepStatus("count", "a.Count", List.of("pipeline input"),
                "/out/_steps/count", false, 1, null, PipelineStatus.StepState.SUCCEEDED,
                List.of(new PipelineStatus.StepJob(1, "job-1", JobState.SUCCEEDED)), null);
        return new PipelineStatus(id, "p", state, "/out", Map.of("k", "v"), 1, 2, 3, List.of(step),
                Map.of("g", Map.of("c", 1L)), null, null, null, null);
    }
}
