package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.Secrets;
import io.gristmill.worker.internal.data.MapOutputIndex;
import io.gristmill.worker.internal.data.PartitionInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The map outputs this worker serves, per job, with each job's secret. Thread-safe. Files are only ever taken from
 * here, never from a request, and must lie under the registry's root (the worker's work dir), so the shuffle server
 * cannot serve anything else. Dropping an output does not delete its files.
 */
public final class MapOutputRegistry {
    private final Path root;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** @param root the only folder whose files may be registered (the worker's work dir) */
    public MapOutputRegistry(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Starts serving a map attempt's output. The first output of a job sets its secret; later ones must carry the
     * same one.
     *
     * @throws IllegalArgumentException if an id is malformed, a file lies outside the root or the secret differs
     */
    public void register(String jobId, String secret, String attemptId, Path dataFile, Path indexFile) {
        ShuffleProtocol.requireId("job id", jobId);
        ShuffleProtocol.requireId("map attempt id", attemptId);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("job " + jobId + " needs a secret");
        }
        Output output = new Output(attemptId, confined(dataFile), confined(indexFile));
        jobs.compute(jobId, (id, job) -> {
            Job j = job == null ? new Job(secret) : job;
            if (!j.secretMatches(secret)) {
                throw new IllegalArgumentException("job " + jobId + " is registered with another secret");
            }
            j.outputs.put(attemptId, output);
            return j;
        });
    }

    /** The secret of a job that has outputs here, or null. */
    public String secretOf(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? null : job.secret;
    }

    /** Whether {@code secret} is the secret of {@code jobId} (compared in constant time). */
    public boolean secretMatches(String jobId, String secret) {
        Job job = jobs.get(jobId);
        return job != null && secret != null && job.secretMatches(secret);
    }

    /** The job whose secret this is (compared in constant time), or null. */
    public String jobOfSecret(String secret) {
        if (secret == null) {
            return null;
        }
        for (Map.Entry<String, Job> e : jobs.entrySet()) {
            if (e.getValue().secretMatches(secret)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** A map attempt's output served here, or null. */
    public Output lookup(String jobId, String attemptId) {
        Job job = jobs.get(jobId);
        return job == null ? null : job.outputs.get(attemptId);
    }

    /** Stops serving one map attempt's output (it became obsolete); false if it was not served. */
    public boolean drop(String jobId, String attemptId) {
        boolean[] removed = {false};
        jobs.computeIfPresent(jobId, (id, job) -> {
            removed[0] = job.outputs.remove(attemptId) != null;
            return job;
        });
        return removed[0];
    }

    /** Stops serving every output of a job and forgets its secret. */
    public void dropJob(String jobId) {
        jobs.remove(jobId);
    }

    public void clear() {
        jobs.clear();
    }

    private Path confined(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException(file + " is outside the shuffle root " + root);
        }
        return p;
    }

    private static final class Job {
        final String secret;
        final Map<String, Output> outputs = new ConcurrentHashMap<>();

        Job(String secret) {
            this.secret = secret;
        }

        boolean secretMatches(String candidate) {
            return Secrets.matches(secret, candidate);
        }
    }

    /** One served map output. Its index is read once, on first use, and cached. */
    public static final class Output {
        private final String attemptId;
        private final Path dataFile;
        private final Path indexFile;
        private volatile List<PartitionInfo> index;

        Output(String attemptId, Path dataFile, Path indexFile) {
            this.attemptId = attemptId;
            this.dataFile = dataFile;
            this.indexFile = indexFile;
        }

        public String attemptId() {
            return attemptId;
        }

        public Path dataFile() {
            return dataFile;
        }

        public Path indexFile() {
            return indexFile;
        }

        /** The partitions of this output. Blocking on first call (reads the index file): not on an event loop. */
        public List<PartitionInfo> index() throws IOException {
            List<PartitionInfo> i = index;
            if (i == null) {
                i = MapOutputIndex.read(indexFile);
                index = i;
            }
            return i;
        }

        @Override
        public String toString() {
            return "map output " + attemptId + " (" + Objects.toString(dataFile) + ")";
        }
    }
}
