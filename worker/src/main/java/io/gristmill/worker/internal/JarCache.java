package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.RunAttempt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Job jars by content hash: downloaded once from the coordinator (with the job's secret), checked against the
 * hash, and kept under {@code <workDir>/jars}. Without a download URL (single-process cluster) the coordinator's
 * jar path is used as is. Blocking: task threads only.
 */
public final class JarCache {
    private final Path dir;
    private final ContentDownloader downloader;

    public JarCache(Path dir) {
        this(dir, new ContentDownloader());
    }

    public JarCache(Path dir, ContentDownloader downloader) {
        this.dir = dir;
        this.downloader = downloader;
    }

    public synchronized Path resolve(RunAttempt run) throws IOException, InterruptedException {
        if (run.jarUrl() == null) {
            return Path.of(run.jarPath());
        }
        Path cached = dir.resolve(run.jarHash() + ".jar");
        if (!Files.exists(cached)) {
            downloader.download("the job jar", run.jarUrl(), run.secret(), run.jarHash(), cached);
        }
        return cached;
    }
}
