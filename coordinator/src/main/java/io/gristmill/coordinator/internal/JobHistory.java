package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Jobs kept under the coordinator's state dir ({@code jobs/<id>.json}), so that a restarted coordinator still lists
 * them. Written when a job is accepted and when it ends.
 *
 * <p>A record never loses a final state: writes go through one writer thread in the order they were asked for (a
 * job's SUCCEEDED can never be overtaken by its earlier PLANNING), each to a temporary file of its own that is
 * flushed to disk and then renamed over the record. {@link #recover} trusts the output folder over the record: a job
 * whose output holds {@code _SUCCESS} succeeded, whatever its record says, and its output is never removed.
 */
public final class JobHistory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobHistory.class);

    private final Path dir;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "gristmill-job-history");
        thread.setDaemon(true);
        return thread;
    });

    public JobHistory(Path stateDir) {
        this.dir = stateDir.resolve("jobs");
    }

    /** Queues a write of {@code status}; writes happen in call order. Completes when it is on disk. */
    public CompletableFuture<Void> recordLater(JobStatus status) {
        return CompletableFuture.runAsync(() -> {
            try {
                record(status);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, writer);
    }

    /** Writes {@code status} now: a temporary file of its own, flushed, then renamed over the record. Blocking. */
    public void record(JobStatus status) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + status.id() + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(JsonObject.mapFrom(status).encode().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(tmp, dir.resolve(status.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Loads every recorded job. A job that was not final when the previous coordinator stopped is SUCCEEDED if its
     * output holds {@code _SUCCESS} (the coordinator stopped before its record caught up); otherwise it is failed
     * here: its output folder is removed and it is recorded as FAILED ("coordinator restarted"). A record that
     * cannot be read is set aside ({@code <id>.json.unreadable}) with a warning, and the others still load.
     * Blocking.
     */
    public List<JobStatus> recover() throws IOException {
        return recover(java.util.Set.of());
    }

    /**
     * As {@link #recover()}, leaving out the unfinished jobs in {@code resumed}: a coordinator of a later term resumes
     * them from the journal instead of failing them.
     */
    public List<JobStatus> recover(java.util.Set<String> resumed) throws IOException {
        List<JobStatus> jobs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jobs;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JobStatus status = read(file);
                if (status != null && (status.state().isTerminal() || !resumed.contains(status.id()))) {
                    jobs.add(status.state().isTerminal() ? status : settle(status));
                }
            }
        }
        return jobs;
    }

    private static JobStatus read(Path file) throws IOException {
        try {
            return new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).mapTo(JobStatus.class);
        } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            log.warn("job history record {} cannot be read ({}); set aside as {}", file, e.getMessage(), aside);
            return null;
        }
    }

    private JobStatus settle(JobStatus status) throws IOException {
        var output = JobOutputs.of(status.output());
        boolean succeeded = output.succeeded();
        if (!succeeded) {
            output.abort();
        }
        JobStatus settled = new JobStatus(status.id(), status.name(), succeeded ? JobState.SUCCEEDED : JobState.FAILED,
                status.output(), status.params(), status.submittedAt(), status.startedAt(), System.currentTimeMillis(),
                status.maps(), status.reduces(), status.counters(),
                succeeded ? null : "coordinator restarted while the job was running", null, null, status.skippedRecords(), Map.of(),
                status.sideFiles(), status.pipeline());
        record(settled);
        return settled;
    }

    /** Finishes the writes already asked for, then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
