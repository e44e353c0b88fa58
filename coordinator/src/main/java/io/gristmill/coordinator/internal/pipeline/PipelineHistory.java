package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.PipelineStatus;
import io.gristmill.coordinator.internal.JobCommitter;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Pipelines kept under the coordinator's state dir ({@code pipelines/<id>.json}), like jobs in {@code jobs/}, so that
 * a restarted coordinator still lists them. Written at every state change and whenever a step starts a job, through
 * one writer thread in call order, each write to a temporary file then renamed over the record.
 */
public final class PipelineHistory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineHistory.class);
    /**
     * Said of a pipeline found unfinished that the journal does not carry on: accepted by a coordinator that did not
     * journal pipelines, or ended just before the crash while its record lagged.
     */
    static final String RESTARTED = "the coordinator restarted while the pipeline ran, and the journal does not carry "
            + "it on (accepted by an older version?): its running step's job is killed and its output removed";

    private final Path dir;
    private final java.util.Set<String> settled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "gristmill-pipeline-history");
        thread.setDaemon(true);
        return thread;
    });

    public PipelineHistory(Path stateDir) {
        this.dir = stateDir.resolve("pipelines");
    }

    /** Queues a write of {@code status}; writes happen in call order. */
    public CompletableFuture<Void> recordLater(PipelineStatus status) {
        return CompletableFuture.runAsync(() -> {
            try {
                record(status);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, writer);
    }

    private void record(PipelineStatus status) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + status.id() + "-", ".tmp");
        try {
            Files.writeString(tmp, JsonObject.mapFrom(status).encode(), StandardCharsets.UTF_8);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, dir.resolve(status.id() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Loads every recorded pipeline but the unfinished ones in {@code resumed} (a later coordinator term carries those
     * on from the journal); any other that had not ended is recorded as FAILED (see {@link #RESTARTED}), and the
     * tracker then ends what it left ({@link PipelineTracker#endInterrupted}). An unreadable record is set aside
     * ({@code .unreadable}). Blocking.
     */
    public List<PipelineStatus> recover(java.util.Set<String> resumed) throws IOException {
        List<PipelineStatus> pipelines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return pipelines;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                PipelineStatus status = read(file);
                if (status != null && (status.state().isTerminal() || !resumed.contains(status.id()))) {
                    pipelines.add(status.state().isTerminal() ? status : settle(status));
                }
            }
        }
        return pipelines;
    }

    /**
     * The pipelines the last {@link #recover} found unfinished and recorded as FAILED: only these have files and
     * jobs to end (a pipeline settled by an earlier run may share its output path with a newer job by now).
     */
    public java.util.Set<String> settledByRecovery() {
        return java.util.Set.copyOf(settled);
    }

    /**
     * Records an unfinished pipeline that nothing resumes as FAILED, unless its output holds {@code _SUCCESS}: only
     * its commit writes that, so it succeeded and its record had not caught up (as {@code JobHistory} trusts a job's
     * output); then it is recorded as SUCCEEDED and nothing of it is touched.
     */
    private PipelineStatus settle(PipelineStatus status) throws IOException {
        if (Files.exists(Path.of(status.output()).resolve(JobCommitter.SUCCESS_MARKER))) {
            PipelineStatus succeeded = new PipelineStatus(status.id(), status.name(), JobState.SUCCEEDED,
                    status.output(), status.params(), status.submittedAt(), status.startedAt(),
                    System.currentTimeMillis(), status.steps(), status.counters(), null, null, null, null);
            record(succeeded);
            return succeeded;
        }
        PipelineStatus failed = new PipelineStatus(status.id(), status.name(), JobState.FAILED, status.output(),
                status.params(), status.submittedAt(), status.startedAt(), System.currentTimeMillis(), status.steps(),
                status.counters(), RESTARTED, null, null, null);
        record(failed);
        settled.add(failed.id());
        return failed;
    }

    private static PipelineStatus read(Path file) throws IOException {
        try {
            return new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).mapTo(PipelineStatus.class);
        } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            log.warn("pipeline history record {} cannot be read ({}); set aside as {}", file, e.getMessage(), aside);
            return null;
        }
    }

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
