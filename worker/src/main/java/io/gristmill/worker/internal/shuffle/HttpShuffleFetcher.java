package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.MapIndexCache;
import io.gristmill.worker.internal.ShuffleFetcher;
import io.gristmill.worker.internal.data.Segment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gets reduce partitions of map outputs: read in place when the output is on this worker (zero copy, like
 * {@link io.gristmill.worker.internal.LocalShuffleFetcher}, the index read once per job), downloaded from the map's
 * shuffle server otherwise. {@link #fetchAll} asks each host for its maps in batches ({@link BatchDownload}: one
 * request and one file per batch of up to {@link Settings#maxBatch} maps, each segment checked by length and
 * CRC32C as it arrives); a single map is asked with a plain request ({@link Download}) into
 * {@code scratchDir/<mapAttemptId>-<partition>.seg}, sent zero-copy. Both retry with exponential backoff on a
 * connection error, a short or corrupt body or a 5xx and never keep a partial segment, so a partial fetch is never
 * merged; a 4xx is not retried (the output is gone or the secret is wrong). After the last try:
 * {@link FetchFailedException} naming the map.
 *
 * <p>Uses {@code java.net.http.HttpClient}: the fetch runs on a reduce task thread anyway, the client pools keep-alive
 * connections per host, and its body subscribers write straight into a {@code FileChannel} that is opened before
 * the request is sent, which avoids the Vert.x 5 client pitfalls measured in STACK.md (data lost when a handler is
 * attached after {@code await}, slow {@code pipeTo(AsyncFile)}). Thread-safe; one instance per worker.
 */
public final class HttpShuffleFetcher implements ShuffleFetcher {
    /**
     * @param maxTries      tries per map output before giving up (at least 1)
     * @param firstBackoff  pause after the first failed try; doubled after each further one
     * @param connectTimeout time to open a connection
     * @param idleTimeout   longest time a download may make no progress (headers or body bytes)
     * @param parallelHosts hosts fetched from at the same time by {@link #fetchAll}
     * @param maxBatch      most map outputs of one host asked for in one request by {@link #fetchAll} (1 to
     *                      {@value ShuffleProtocol#MAX_BATCH})
     */
    public record Settings(int maxTries, Duration firstBackoff, Duration connectTimeout, Duration idleTimeout,
                           int parallelHosts, int maxBatch) {
        /**
         * 1,024 maps per request: the per-request cost (~3 ms on a loaded machine) is then spread over enough maps
         * that it no longer counts, and one batch's ids (~40 KB) and file stay small.
         */
        public static final int DEFAULT_MAX_BATCH = 1024;

        public Settings {
            if (maxTries < 1 || parallelHosts < 1) {
                throw new IllegalArgumentException("maxTries and parallelHosts must be >= 1");
            }
            if (maxBatch < 1 || maxBatch > ShuffleProtocol.MAX_BATCH) {
                throw new IllegalArgumentException("maxBatch must be 1 to " + ShuffleProtocol.MAX_BATCH + ", got "
                        + maxBatch);
            }
        }

        public Settings(int maxTries, Duration firstBackoff, Duration connectTimeout, Duration idleTimeout,
                int parallelHosts) {
            this(maxTries, firstBackoff, connectTimeout, idleTimeout, parallelHosts, DEFAULT_MAX_BATCH);
        }

        public static Settings defaults() {
            return new Settings(4, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60), 4);
        }
    }

    private final String ownWorkerId;
    private final Settings settings;
    private final HttpClient client;
    private final MapIndexCache indexes = MapIndexCache.sizedToHeap();

    /** @param ownWorkerId this worker's id: outputs of this worker are read in place */
    public HttpShuffleFetcher(String ownWorkerId) {
        this(ownWorkerId, Settings.defaults());
    }

    public HttpShuffleFetcher(String ownWorkerId, Settings settings) {
        this.ownWorkerId = ownWorkerId;
        this.settings = settings;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY).build();
    }

    /**
     * Fetches without knowing the job id: the server finds the job by its secret. Prefer
     * {@link #fetch(String, MapOutputLocation, int, Path, String)} when the job id is at hand.
     */
    public Segment fetch(MapOutputLocation location, int partition, Path scratchDir, String secret)
            throws IOException, InterruptedException {
        return fetch(ShuffleProtocol.JOB_BY_SECRET, location, partition, scratchDir, secret);
    }

    /**
     * Gets partition {@code partition} of one map output as a segment: in place if the output is on this worker,
     * otherwise downloaded into {@code scratchDir}.
     *
     * @throws FetchFailedException if it could not be fetched after the configured tries
     */
    public Segment fetch(String jobId, MapOutputLocation location, int partition, Path scratchDir, String secret)
            throws IOException, InterruptedException {
        if (isLocal(location)) {
            return readInPlace(jobId, location, partition);
        }
        return new Download(client, settings, jobId, location, partition, secret, target(location, partition,
                scratchDir)).run();
    }

    /** {@link #fetchAll(String, List, int, Path, String)} without the job id (the server finds it by secret). */
    public List<Segment> fetchAll(List<MapOutputLocation> locations, int partition, Path scratchDir, String secret)
            throws IOException, InterruptedException {
        return fetchAll(ShuffleProtocol.JOB_BY_SECRET, locations, partition, scratchDir, secret, () -> { });
    }

    /**
     * Fetches partition {@code partition} of several map outputs: per host, one request per batch of up to
     * {@link Settings#maxBatch} maps (a host with a single map: one plain request, sent zero-copy), up to
     * {@link Settings#parallelHosts} hosts at a time. Returns the segments in the order of {@code locations}. If any
     * fails, stops the others, deletes what this call downloaded and throws the first failure.
     */
    @Override
    public List<Segment> fetchAll(String jobId, List<MapOutputLocation> locations, int partition, Path scratchDir,
            String secret, Runnable fetchedOne) throws IOException, InterruptedException {
        Segment[] result = new Segment[locations.size()];
        Map<String, List<Integer>> remoteByHost = new LinkedHashMap<>();
        for (int i = 0; i < locations.size(); i++) {
            MapOutputLocation l = locations.get(i);
            if (isLocal(l)) {
                result[i] = readInPlace(jobId, l, partition);
                fetchedOne.run();
            } else {
                remoteByHost.computeIfAbsent(hostOf(l), h -> new ArrayList<>()).add(i);
            }
        }
        new ParallelHosts(settings.parallelHosts()).run(remoteByHost.values(), result, (group, stop) -> {
            if (group.size() == 1) {
                result[group.get(0)] = fetch(jobId, locations.get(group.get(0)), partition, scratchDir, secret);
                fetchedOne.run();
                return;
            }
            List<MapOutputLocation> hostLocations = new ArrayList<>(group.size());
            for (int i : group) {
                hostLocations.add(locations.get(i));
            }
            new BatchDownload(client, settings, jobId, hostLocations, partition, secret, scratchDir).run(
                    (index, segment) -> {
                        result[group.get(index)] = segment;
                        fetchedOne.run();
                    }, stop);
        });
        return List.of(result);
    }

    @Override
    public void jobEnded(String jobId) {
        indexes.dropJob(jobId);
    }

    private boolean isLocal(MapOutputLocation location) {
        return ownWorkerId.equals(location.workerId()) && location.dataPath() != null
                && location.indexPath() != null && Files.isReadable(Path.of(location.dataPath()))
                && Files.isReadable(Path.of(location.indexPath()));
    }

    private Segment readInPlace(String jobId, MapOutputLocation location, int partition) throws IOException {
        try {
            return indexes.segment(jobId, location.dataPath(), location.indexPath(), partition);
        } catch (IOException e) {
            throw new FetchFailedException(location.attemptId(), "this worker", e.getMessage(), e);
        }
    }

    private static Path target(MapOutputLocation location, int partition, Path scratchDir) {
        return scratchDir.resolve(ShuffleProtocol.requireId("map attempt id", location.attemptId()) + "-" + partition
                + ".seg");
    }

    static String hostOf(MapOutputLocation location) {
        return location.shuffleHost() + ":" + location.shufflePort();
    }

    static URI uri(String jobId, MapOutputLocation location, int partition) {
        String host = location.shuffleHost().contains(":") ? "[" + location.shuffleHost() + "]"
                : location.shuffleHost();
        return URI.create("http://" + host + ":" + location.shufflePort()
                + ShuffleProtocol.path(jobId, partition, location.attemptId()));
    }
}
