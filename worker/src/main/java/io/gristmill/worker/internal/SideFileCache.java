package io.gristmill.worker.internal;

import io.gristmill.cluster.ContentHash;
import io.gristmill.cluster.FileTrees;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.SideFile;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The side files of the jobs this worker runs tasks of, fetched from the coordinator once per job and content hash:
 * the first attempt that needs one downloads it, attempts that need it meanwhile wait for that download, later
 * attempts find it on disk. Kept read-only under {@code <dir>/<jobId>/<hash>} until the job ends. Without download
 * URLs (a single-process cluster) tasks read the coordinator's copies where they lie. Thread-safe; blocking: task
 * threads only.
 */
public final class SideFileCache {
    private final Path dir;
    private final ContentDownloader downloader;
    private final Runnable downloaded;
    // job id → content hash → its download (done or under way); guarded by this
    private final Map<String, Map<String, CompletableFuture<Path>>> jobs = new HashMap<>();

    /** @param downloaded told after each completed download (a metric) */
    public SideFileCache(Path dir, ContentDownloader downloader, Runnable downloaded) {
        this.dir = dir;
        this.downloader = downloader;
        this.downloaded = downloaded;
    }

    /** The attempt's side files by name, on local disk; fetches those this worker does not have yet. */
    public Map<String, Path> resolve(RunAttempt run) throws IOException, InterruptedException {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (SideFile file : run.sideFiles()) {
            byName.put(file.name(), file.url() == null ? Path.of(file.path()) : fetch(run, file));
        }
        return byName;
    }

    private Path fetch(RunAttempt run, SideFile file) throws IOException, InterruptedException {
        if (!ContentHash.looksLikeOne(file.hash())) { // it becomes a file name here: never a path
            throw new IOException("side file '" + file.name() + "' has no usable content hash: " + file.hash());
        }
        while (true) {
            CompletableFuture<Path> mine = new CompletableFuture<>();
            CompletableFuture<Path> existing;
            synchronized (this) {
                existing = jobs.computeIfAbsent(run.ref().jobId(), id -> new HashMap<>()).putIfAbsent(file.hash(), mine);
            }
            if (existing == null) {
                return download(run, file, mine);
            }
            try {
                return existing.get();
            } catch (ExecutionException e) {
                if (!isInterruption(e.getCause())) {
                    throw new IOException(e.getCause().getMessage(), e.getCause());
                }
                // the attempt that downloaded it was stopped, not the download refused: this one tries itself
            }
        }
    }

    private Path download(RunAttempt run, SideFile file, CompletableFuture<Path> mine)
            throws IOException, InterruptedException {
        Path target = dir.resolve(run.ref().jobId()).resolve(file.hash());
        try {
            downloader.download("side file '" + file.name() + "'", file.url(), run.secret(), file.hash(), target);
            target.toFile().setReadOnly(); // shared by every attempt of the job here: no task may change it
            downloaded.run();
            mine.complete(target);
            return target;
        } catch (IOException | InterruptedException | RuntimeException e) {
            forget(run.ref().jobId(), file.hash(), mine); // a later attempt tries again
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private synchronized void forget(String jobId, String hash, CompletableFuture<Path> download) {
        Map<String, CompletableFuture<Path>> files = jobs.get(jobId);
        if (files != null) {
            files.remove(hash, download);
        }
    }

    private static boolean isInterruption(Throwable e) {
        return e instanceof InterruptedException || e instanceof ClosedByInterruptException
                || e instanceof InterruptedIOException;
    }

    /** The job ended: deletes its side files. Blocking (file I/O). */
    public void release(String jobId) throws IOException {
        synchronized (this) {
            jobs.remove(jobId);
        }
        FileTrees.deleteRecursively(dir.resolve(jobId));
    }

    /** Forgets every job's files (the worker empties its work dir itself). No I/O. */
    public synchronized void forgetAll() {
        jobs.clear();
    }
}
