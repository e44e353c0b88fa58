package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.Segment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One partition of several map outputs of one host, asked for in batches of at most
 * {@link HttpShuffleFetcher.Settings#maxBatch} maps per request ({@code POST /shuffle/<job>/<partition>}), each
 * batch received into one file whose regions are the segments. Runs on the calling thread.
 *
 * <p>Retries: a try that breaks off keeps the segments it received whole (each checked by length and CRC32C and
 * reported once), and the next try asks only for the rest, after a backoff that doubles per try without progress;
 * {@link HttpShuffleFetcher.Settings#maxTries} tries in a row without a new segment, or a 4xx, end the fetch with a
 * {@link FetchFailedException} naming the map that was being received (or the map the server named as missing),
 * so the coordinator re-runs the right map.
 */
final class BatchDownload {
    /** Takes each segment once, as soon as it is checked. {@code index} is the place in the host's list. */
    interface Sink {
        void fetched(int index, Segment segment);
    }

    private final HttpClient client;
    private final HttpShuffleFetcher.Settings settings;
    private final String jobId;
    private final List<MapOutputLocation> locations;
    private final int partition;
    private final String secret;
    private final Path scratchDir;

    /** @param locations map outputs that all live on one shuffle server */
    BatchDownload(HttpClient client, HttpShuffleFetcher.Settings settings, String jobId,
            List<MapOutputLocation> locations, int partition, String secret, Path scratchDir) {
        this.client = client;
        this.settings = settings;
        this.jobId = jobId;
        this.locations = locations;
        this.partition = partition;
        this.secret = secret;
        this.scratchDir = scratchDir;
    }

    /** Fetches every location; stops early (without failing) once {@code stop} says so. */
    void run(Sink sink, BooleanSupplier stop) throws IOException, InterruptedException {
        for (int from = 0; from < locations.size() && !stop.getAsBoolean(); from += settings.maxBatch()) {
            List<Integer> pending = new ArrayList<>();
            for (int i = from; i < Math.min(locations.size(), from + settings.maxBatch()); i++) {
                pending.add(i);
            }
            fetchBatch(pending, sink, stop);
        }
    }

    private void fetchBatch(List<Integer> pending, Sink sink, BooleanSupplier stop)
            throws IOException, InterruptedException {
        long backoff = settings.firstBackoff().toMillis();
        int triesWithoutProgress = 0;
        while (!pending.isEmpty() && !stop.getAsBoolean()) {
            Try attempt = new Try(pending);
            try {
                attempt.run();
            } catch (Download.RefusedException e) {
                throw failed(attempt.blamed, e.getMessage(), e);
            } catch (IOException e) {
                if (attempt.received == 0 && ++triesWithoutProgress >= settings.maxTries()) {
                    throw failed(attempt.blamed, triesWithoutProgress + " tries, last: " + e.getMessage(), e);
                }
            } finally {
                attempt.handOver(pending, sink);
            }
            if (!pending.isEmpty()) {
                if (attempt.received > 0) {
                    triesWithoutProgress = 0;
                    backoff = settings.firstBackoff().toMillis();
                }
                Thread.sleep(backoff);
                backoff *= 2;
            }
        }
    }

    private FetchFailedException failed(String mapAttemptId, String message, Throwable cause) {
        return new FetchFailedException(mapAttemptId, HttpShuffleFetcher.hostOf(locations.get(0)),
                "partition " + partition + ": " + message, cause);
    }

    /** One request for the pending maps of a batch, into a file of its own. */
    private final class Try {
        private final List<Integer> asked;
        private final List<String> ids = new ArrayList<>();
        private final Path file;
        private BatchBodySubscriber body;
        String blamed;
        int received;

        Try(List<Integer> pending) {
            this.asked = List.copyOf(pending);
            for (int i : asked) {
                ids.add(locations.get(i).attemptId());
            }
            this.blamed = ids.get(0);
            this.file = scratchDir.resolve(ShuffleProtocol.requireId("map attempt id", ids.get(0)) + "-"
                    + partition + ".segs");
        }

        void run() throws IOException, InterruptedException {
            body = BatchBodySubscriber.create(file, ids);
            String[] errorText = {""};
            HttpRequest request = HttpRequest.newBuilder(uri())
                    .header(ShuffleProtocol.SECRET, secret)
                    .header("Content-Type", "text/plain; charset=us-ascii")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", ids), StandardCharsets.US_ASCII))
                    .build();
            CompletableFuture<HttpResponse<Void>> future = client.sendAsync(request, info -> {
                if (info.statusCode() == 200) {
                    return body;
                }
                info.headers().firstValue(ShuffleProtocol.MAP_ATTEMPT).filter(ids::contains)
                        .ifPresent(id -> blamed = id);
                return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(
                        StandardCharsets.UTF_8), s -> {
                            errorText[0] = s;
                            return null;
                        });
            });
            HttpResponse<Void> response = Download.await(future, body::idleNanos, settings.idleTimeout());
            int status = response.statusCode();
            if (status >= 400 && status < 500) {
                throw new Download.RefusedException("HTTP " + status + " " + errorText[0].strip());
            }
            if (status != 200) {
                throw new IOException("HTTP " + status + " " + errorText[0].strip());
            }
        }

        /** Hands the checked segments to the sink and takes them off {@code pending}; no segment, no file. */
        void handOver(List<Integer> pending, Sink sink) throws IOException {
            if (body == null) {
                Files.deleteIfExists(file);
                return;
            }
            body.abort(new IOException("download ended")); // no-op if it completed; else nothing more arrives
            List<BatchBodySubscriber.Received> segments = body.segments();
            if (segments.size() < asked.size() && blamed.equals(ids.get(0))) {
                blamed = body.current();
            }
            for (BatchBodySubscriber.Received r : segments) {
                sink.fetched(asked.get(r.index()), new Segment(file, r.offset(), r.length()));
                pending.remove(asked.get(r.index()));
            }
            received = segments.size();
            if (received == 0) {
                Files.deleteIfExists(file);
            }
        }

        private URI uri() {
            MapOutputLocation l = locations.get(0);
            String host = l.shuffleHost().contains(":") ? "[" + l.shuffleHost() + "]" : l.shuffleHost();
            return URI.create("http://" + host + ":" + l.shufflePort() + ShuffleProtocol.batchPath(jobId, partition));
        }
    }
}
