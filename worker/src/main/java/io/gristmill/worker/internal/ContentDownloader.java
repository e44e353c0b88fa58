package io.gristmill.worker.internal;

import io.gristmill.cluster.ContentHash;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.time.Duration;

/**
 * Downloads what a job needs from the coordinator by content hash — its jar, its side files — with the job's secret,
 * and checks the content against the hash before the file appears at its target. Thread-safe; blocking: task threads
 * only.
 */
public final class ContentDownloader {
    private static final String UNREACHABLE_HINT =
            " (is the coordinator's REST or jar port reachable from this host? see --advertise-url and --jar-port)";
    private HttpClient http; // created on first download: its selector thread would delay the exit of a local run

    /**
     * Downloads {@code url} to {@code target} (atomically: the target appears whole or not at all).
     *
     * @param what how errors name the download, e.g. "the job jar"
     */
    public void download(String what, String url, String secret, String hash, Path target)
            throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), hash, ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                    .header("X-Gristmill-Secret", secret).GET().build();
            HttpResponse<InputStream> response = send(what, request);
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException(cannot(what, url) + ": HTTP " + response.statusCode());
            }
            String got = copyHashing(response.body(), tmp);
            if (!got.equals(hash)) {
                throw new IOException(what + " from " + url + " has hash " + got + ", expected " + hash);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String cannot(String what, Object url) {
        return "cannot download " + what + " from " + url;
    }

    /** Sends {@code request}; a failure to reach the coordinator names the URL, what went wrong and what to check. */
    private HttpResponse<InputStream> send(String what, HttpRequest request) throws IOException, InterruptedException {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // the JDK client's own messages are often null or a bare ClosedChannelException, naming neither
            throw new IOException(cannot(what, request.uri()) + ": " + describe(e) + UNREACHABLE_HINT, e);
        }
    }

    /** What went wrong, in words, for an exception whose message may be null. */
    static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof ClosedChannelException) {
            return "the connection was closed";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }

    private static String copyHashing(InputStream body, Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(body, ContentHash.digest())) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return ContentHash.hex(in.getMessageDigest());
        }
    }
}
