package io.gristmill.coordinator.internal.recovery;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The decisions a coordinator made about its running jobs, one append-only file per job
 * ({@code journal/<job>.jsonl}, a JSON object per line), replayed by the coordinator of the next term. One writer
 * thread appends in the order asked and forces each batch to disk before completing its futures (group commit: many
 * decisions share one fsync), so a caller that waits for the future acts only on what a successor will read. Before
 * each batch the writer checks that this coordinator has not been superseded, and refuses to write if it has: no
 * decision of an old term lands after a newer term started reading.
 */
public final class JobJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobJournal.class);
    private static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final BooleanSupplier superseded;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    private record Pending(String jobId, JsonObject entry, CompletableFuture<Void> done) {
    }

    /** Thrown (in a future) when a newer coordinator term exists: this coordinator must step down. */
    public static final class SupersededException extends IllegalStateException {
        public SupersededException() {
            super("a newer coordinator term has started; this coordinator no longer writes its decisions");
        }
    }

    /** @param superseded whether a newer coordinator term exists (checked before each write) */
    public JobJournal(Path stateDir, BooleanSupplier superseded) {
        this.dir = stateDir.resolve("journal");
        this.superseded = superseded;
        this.writer = new Thread(this::writeLoop, "gristmill-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /** Appends {@code entry} to the journal of {@code jobId}; completes once it is on disk. */
    public CompletableFuture<Void> append(String jobId, JsonObject entry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("journal closed"));
        } else {
            queue.add(new Pending(jobId, entry, done));
        }
        return done;
    }

    /**
     * Every job's entries, in the order they were written. A last line cut short by a crash is ignored (its
     * decision was never acted on: acting waits for the write). Blocking.
     */
    public Map<String, List<JsonObject>> replay() throws IOException {
        Map<String, List<JsonObject>> jobs = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return jobs;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString();
                jobs.put(name.substring(0, name.length() - SUFFIX.length()), read(file));
            }
        }
        return jobs;
    }

    private static List<JsonObject> read(Path file) throws IOException {
        List<JsonObject> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            try {
                entries.add(new JsonObject(lines.get(i)));
            } catch (RuntimeException e) {
                if (i < lines.size() - 1) {
                    throw new IOException("journal " + file + " line " + (i + 1) + " cannot be read: " + e.getMessage(), e);
                }
                log.warn("journal {}: ignoring a last line cut short ({} characters)", file, lines.get(i).length());
            }
        }
        return entries;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            if (superseded.getAsBoolean()) {
                throw new SupersededException();
            }
            Files.createDirectories(dir);
            Map<String, StringBuilder> byJob = new LinkedHashMap<>();
            for (Pending p : batch) {
                byJob.computeIfAbsent(p.jobId(), id -> new StringBuilder()).append(p.entry().encode()).append('\n');
            }
            for (Map.Entry<String, StringBuilder> e : byJob.entrySet()) {
                try (FileChannel channel = FileChannel.open(dir.resolve(e.getKey() + SUFFIX), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ByteBuffer bytes = ByteBuffer.wrap(e.getValue().toString().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(false);
                }
            }
            batch.forEach(p -> p.done().complete(null));
        } catch (IOException | RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Writes what was asked for, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
