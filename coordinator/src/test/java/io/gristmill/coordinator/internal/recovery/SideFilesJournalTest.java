package io.gristmill.coordinator.internal.recovery;

import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.internal.JobPlanner;
import io.gristmill.coordinator.internal.ShippedFile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A resumed job ships the side files it was accepted with; a journal from before side files reads as none. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SideFilesJournalTest {
    @Test
    void an_accepted_jobs_side_files_come_back_from_the_journal() throws Exception {
        Path kept = Path.of("/state/files/" + "a".repeat(64));
        JobSpec spec = JobSpec.builder(Path.of("/state/jars/job.jar")).input(List.of("/in")).output("/out")
                .sideFiles(List.of(new JobSpec.SideFile("stopwords.txt", kept))).build();
        JobPlanner.Accepted accepted = new JobPlanner.Accepted("com.example.Job", List.of("/in/a.txt"), "b".repeat(64),
                "Job", List.of(new ShippedFile("stopwords.txt", "a".repeat(64), kept)));

        RecoveredJob job = RecoveredJob.replay(List.of(JournalEntries.accepted("job-1", spec, accepted, "secret", 1L)));

        assertEquals(accepted.sideFiles(), job.accepted().sideFiles());
        assertEquals(spec.sideFiles(), job.spec().sideFiles());
    }

    @Test
    void an_acceptance_written_before_side_files_existed_has_none() throws Exception {
        JobSpec spec = JobSpec.builder(Path.of("/state/jars/job.jar")).input(List.of("/in")).output("/out").build();
        JsonObject entry = JournalEntries.accepted("job-1", spec, new JobPlanner.Accepted("com.example.Job", List.of(),
                "b".repeat(64), "Job", List.of()), "secret", 1L);
        entry.remove("sideFiles");
        entry.getJsonObject("spec").remove("sideFiles");

        RecoveredJob job = RecoveredJob.replay(List.of(entry));

        assertEquals(List.of(), job.accepted().sideFiles());
        assertEquals(List.of(), job.spec().sideFiles());
    }
}
