package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.RunAttempt;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Job jars by content hash: downloaded once from the coordinator (with the job's secret), checked against the
 * hash, and kept under {@code <workDir>/jars}. Without a download URL (single-process cluster) the coordinator's
 * jar path is used as is. Blocking: task threads only.
 */
public final class JarCache {
    private static final String CANNOT = "cannot download the job jar from ";
    private static final String UNREACHABLE_HINT =
            " (is the coordinator's REST or jar port reachable from this host? see --advertise-url and --jar-port)";
    private final Path dir;
    private HttpClient http; // created on first download: its selector thread would delay the exit of a local run

    public JarCache(Path dir) {
        this.dir = dir;
    }

    public synchronized Path resolve(RunAttempt run) throws IOException, InterruptedException {
        if (run.jarUrl() == null) {
            return Path.of(run.jarPath());
        }
        Path cached = dir.resolve(run.jarHash() + ".jar");
        if (!Files.exists(cached)) {
            download(run, cached);
        }
        return cached;
    }

    private void download(RunAttempt run, Path target) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, run.jarHash(), ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(run.jarUrl())).timeout(Duration.ofMinutes(5))
                    .header("X-Gristmill-Secret", run.secret()).GET().build();
            HttpResponse<InputStream> response = send(request);
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException(CANNOT + run.jarUrl() + ": HTTP " + response.statusCode());
            }
            String hash = copyHashing(response.body(), tmp);
            if (!hash.equals(run.jarHash())) {
                throw new IOException("job jar from " + run.jarUrl() + " has hash " + hash + ", expected " + run.jarHash());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Sends {@code request}; a failure to reach the coordinator names the URL, what went wrong and what to check. */
    private HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // the JDK client's own messages are often null or a bare ClosedChannelException, naming neither
            throw new IOException(CANNOT + request.uri() + ": " + describe(e) + UNREACHABLE_HINT, e);
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

    private HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }

    private static String copyHashing(InputStream body, Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(body, MessageDigest.getInstance("SHA-256"))) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
