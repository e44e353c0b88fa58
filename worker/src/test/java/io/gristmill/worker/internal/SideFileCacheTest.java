package io.gristmill.worker.internal;

import com.sun.net.httpserver.HttpServer;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.SideFile;
import io.gristmill.cluster.TaskType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker fetches each side file once per job, however many attempts ask for it and when. */
@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SideFileCacheTest {
    private static final byte[] STOPWORDS = "the\nand\n".getBytes(StandardCharsets.UTF_8);
    private static final String HASH = sha256(STOPWORDS);

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile byte[] served = STOPWORDS;
    private SideFileCache cache;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS); // holds the download so that other attempts must wait for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean secretOk = "s3cret".equals(exchange.getRequestHeaders().getFirst("X-Gristmill-Secret"));
            byte[] body = served;
            exchange.sendResponseHeaders(secretOk ? 200 : 403, secretOk ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (secretOk) {
                    out.write(body);
                }
            }
        });
        server.start();
        cache = new SideFileCache(dir.resolve("side-files"), new ContentDownloader(), downloads::incrementAndGet);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RunAttempt attempt(String jobId, String attemptId) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/files/" + HASH;
        return new RunAttempt(new AttemptRef(jobId, "m-00000", attemptId, "epoch-1"), TaskType.MAP, 0, 1, "job",
                "/nowhere/job.jar", "0123abcd", null, "Job", Map.of(), null, 1, 0, 0, "/out", "s3cret",
                List.of(), List.of(new SideFile("stopwords.txt", HASH, "/coordinator/files/" + HASH, url)));
    }

    @Test
    void concurrent_attempts_of_a_job_wait_for_one_download_and_later_attempts_reuse_it() throws Exception {
        ExecutorService attempts = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, Path>>> resolved = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RunAttempt run = attempt("job-1", "m-00000-" + i);
                resolved.add(attempts.submit(() -> cache.resolve(run)));
            }
            awaitRequests(1);
            Thread.sleep(200); // the other three attempts are waiting by now, not asking the coordinator
            release.countDown();
            for (Future<Map<String, Path>> files : resolved) {
                Path file = files.get(20, TimeUnit.SECONDS).get("stopwords.txt");
                assertEquals(new String(STOPWORDS, StandardCharsets.UTF_8), Files.readString(file));
                assertFalse(Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                        "side files are read-only"); // (isWritable: root may write anything)
            }
            cache.resolve(attempt("job-1", "m-00001-1"));
        } finally {
            attempts.shutdownNow();
        }
        assertEquals(1, requests.get(), "one download per job and file");
        assertEquals(1, downloads.get());
    }

    @Test
    void each_job_fetches_its_own_copy_and_loses_it_when_it_ends() throws Exception {
        release.countDown();
        Path first = cache.resolve(attempt("job-1", "a")).get("stopwords.txt");
        Path second = cache.resolve(attempt("job-2", "a")).get("stopwords.txt");
        assertEquals(2, requests.get());

        cache.release("job-1");
        assertFalse(Files.exists(first));
        assertTrue(Files.exists(second));
        cache.resolve(attempt("job-1", "late")); // a late attempt of an ended job fetches again rather than failing
        assertEquals(3, requests.get());
    }

    @Test
    void a_failed_download_fails_the_attempt_naming_the_file_and_the_next_attempt_tries_again() throws Exception {
        release.countDown();
        served = "tampered".getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> cache.resolve(attempt("job-1", "a")));
        assertTrue(e.getMessage().contains("side file 'stopwords.txt'") && e.getMessage().contains("expected " + HASH),
                e.getMessage());

        served = STOPWORDS;
        assertTrue(Files.exists(cache.resolve(attempt("job-1", "b")).get("stopwords.txt")));
        assertEquals(2, requests.get());
        assertEquals(1, downloads.get());
    }

    @Test
    void without_a_url_the_coordinators_copy_is_read_where_it_lies() throws Exception {
        RunAttempt local = new RunAttempt(new AttemptRef("job-1", "m-00000", "a", "epoch-1"), TaskType.MAP, 0, 1, "job",
                "/nowhere/job.jar", "0123abcd", null, "Job", Map.of(), null, 1, 0, 0, "/out", "s3cret",
                List.of(), List.of(new SideFile("stopwords.txt", HASH, "/data/stopwords.txt", null)));
        assertEquals(Map.of("stopwords.txt", Path.of("/data/stopwords.txt")), cache.resolve(local));
        assertEquals(0, requests.get());
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (requests.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10); // polling with a deadline
        }
        assertEquals(count, requests.get());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
