package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.CorruptSegmentException;
import io.gristmill.worker.internal.data.Segment;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/** One map output partition downloaded into one file, with its retries. Runs on the calling thread. */
final class Download {
    private static final long POLL_MILLIS = 100;

    private final HttpClient client;
    private final HttpShuffleFetcher.Settings settings;
    private final String jobId;
    private final MapOutputLocation location;
    private final int partition;
    private final String secret;
    private final Path target;

    Download(HttpClient client, HttpShuffleFetcher.Settings settings, String jobId, MapOutputLocation location,
            int partition, String secret, Path target) {
        this.client = client;
        this.settings = settings;
        this.jobId = jobId;
        this.location = location;
        this.partition = partition;
        this.secret = secret;
        this.target = target;
    }

    Segment run() throws IOException, InterruptedException {
        long backoff = settings.firstBackoff().toMillis();
        for (int tries = 1; ; tries++) {
            try {
                return Segment.ofFile(target, once());
            } catch (RefusedException e) {
                Files.deleteIfExists(target);
                throw failed(e.getMessage(), e);
            } catch (IOException e) {
                Files.deleteIfExists(target);
                if (tries >= settings.maxTries()) {
                    throw failed(tries + " tries, last: " + e.getMessage(), e);
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                Files.deleteIfExists(target);
                throw e;
            }
            Thread.sleep(backoff);
            backoff *= 2;
        }
    }

    private FetchFailedException failed(String message, Throwable cause) {
        return new FetchFailedException(location.attemptId(), HttpShuffleFetcher.hostOf(location),
                "partition " + partition + ": " + message, cause);
    }

    /** One try: returns the length of the checked file. */
    private long once() throws IOException, InterruptedException {
        FileBodySubscriber body = FileBodySubscriber.create(target, Long.MAX_VALUE);
        HttpRequest request = HttpRequest.newBuilder(HttpShuffleFetcher.uri(jobId, location, partition))
                .header(ShuffleProtocol.SECRET, secret).GET().build();
        String[] errorText = {""};
        CompletableFuture<HttpResponse<Long>> future = client.sendAsync(request, info -> info.statusCode() == 200
                ? body.limit(announcedLength(info.headers())) : HttpResponse.BodySubscribers.mapping(
                        HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), s -> {
                            errorText[0] = s;
                            return -1L;
                        }));
        try {
            HttpResponse<Long> response = await(future, body::idleNanos, settings.idleTimeout());
            return check(response, body, errorText[0]);
        } finally {
            body.abort(new IOException("download ended"));
        }
    }

    /**
     * Waits for a response and its body, polling so that a connection that makes no progress for {@code idleTimeout}
     * (as {@code idleNanos} tells) is given up on: the HTTP client's own timeout covers only the headers.
     */
    static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, LongSupplier idleNanos,
            Duration idleTimeout) throws IOException, InterruptedException {
        long idleLimit = idleTimeout.toNanos();
        while (true) {
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (idleNanos.getAsLong() > idleLimit) {
                    future.cancel(true);
                    throw new IOException("no progress for " + idleTimeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                future.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
            }
        }
    }

    private long check(HttpResponse<Long> response, FileBodySubscriber body, String errorText) throws IOException {
        int status = response.statusCode();
        if (status >= 400 && status < 500) {
            throw new RefusedException("HTTP " + status + " " + errorText.strip());
        }
        if (status != 200) {
            throw new IOException("HTTP " + status + " " + errorText.strip());
        }
        HttpHeaders headers = response.headers();
        String attempt = headers.firstValue(ShuffleProtocol.MAP_ATTEMPT).orElse("");
        if (!attempt.equals(location.attemptId())) {
            throw new IOException("server sent map attempt '" + attempt + "', asked for " + location.attemptId());
        }
        long expectedLength = longHeader(headers, ShuffleProtocol.LENGTH, 10);
        long expectedCrc = longHeader(headers, ShuffleProtocol.CRC32C, 16);
        long length = response.body();
        if (length != expectedLength) {
            throw new CorruptSegmentException("received " + length + " bytes, expected " + expectedLength);
        }
        long crc = length == 0 ? 0 : body.crc();
        if (crc != expectedCrc) {
            throw new CorruptSegmentException("CRC32C " + ShuffleProtocol.crcHex(crc) + ", expected "
                    + ShuffleProtocol.crcHex(expectedCrc));
        }
        return length;
    }

    private static long announcedLength(HttpHeaders headers) {
        try {
            return longHeader(headers, ShuffleProtocol.LENGTH, 10);
        } catch (IOException e) {
            return Long.MAX_VALUE; // checked again, with an error, once the body is in
        }
    }

    static long longHeader(HttpHeaders headers, String name, int radix) throws IOException {
        String value = headers.firstValue(name).orElseThrow(() -> new IOException("response lacks " + name));
        try {
            return Long.parseLong(value, radix);
        } catch (NumberFormatException e) {
            throw new IOException("bad " + name + ": " + value, e);
        }
    }

    /** The server refused (4xx): asking again will not help. */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }
}
