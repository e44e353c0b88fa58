package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Jobs kept under the coordinator's state dir ({@code jobs/<id>.json}), so that a restarted coordinator still lists
 * them. Written when a job is accepted and when it ends. Blocking: call off the event loop.
 */
public final class JobHistory {
    private final Path dir;

    public JobHistory(Path stateDir) {
        this.dir = stateDir.resolve("jobs");
    }

    public void record(JobStatus status) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(status.id() + ".json.tmp");
        Files.writeString(tmp, JsonObject.mapFrom(status).encode(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(status.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads every recorded job. Jobs that were still running when the previous coordinator stopped are failed
     * here: their output folder is removed and they are recorded as FAILED ("coordinator restarted").
     */
    public List<JobStatus> recover() throws IOException {
        List<JobStatus> jobs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jobs;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JobStatus status = new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).mapTo(JobStatus.class);
                jobs.add(status.state().isTerminal() ? status : interrupted(status));
            }
        }
        return jobs;
    }

    private JobStatus interrupted(JobStatus status) throws IOException {
        JobCommitter.abortJob(Path.of(status.output()));
        JobStatus failed = new JobStatus(status.id(), status.name(), JobState.FAILED, status.output(), status.params(),
                status.submittedAt(), status.startedAt(), System.currentTimeMillis(), status.maps(), status.reduces(),
                status.counters(), "coordinator restarted while the job was running", null, null);
        record(failed);
        return failed;
    }
}
