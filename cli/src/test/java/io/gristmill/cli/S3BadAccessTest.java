package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processes that cannot use S3, against a real S3 server (s3proxy, in this JVM) that checks credentials: a coordinator
 * whose credentials the server rejects and one whose endpoint has nothing listening refuse s3:// input and output at
 * submission (400, naming the field, the endpoint and the cause); a worker whose credentials are rejected fails its
 * task naming the object it could not read. Three coordinators (each setting is per process) and one worker.
 */
class S3BadAccessTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    private static S3TestBucket s3;
    private static ProcessCluster wrongCredentials;
    private static ProcessCluster deadEndpoint;
    private static String deadUrl;
    private static Socket deadPort;
    private static ProcessCluster wrongWorker;
    private static Path jar;
    private static Path localInput;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestBucket.start();
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
        localInput = Outputs.gutenbergFiles().get(0);
        // bound but never listening, for the whole class: a connection is refused, and no other process can take
        // the port (a port merely found free and closed again was once taken by a parallel fork's S3 server)
        deadPort = new Socket();
        deadPort.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        deadUrl = "http://127.0.0.1:" + deadPort.getLocalPort();
        // three clusters of their own, started side by side: each start mostly waits for its JVM and Hazelcast
        java.util.concurrent.ExecutorService starting = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var credentials = starting.submit(() -> new ProcessCluster(Files.createDirectories(dir.resolve("wrong-credentials")))
                    .environment(withKey(s3.environment(), "AWS_ACCESS_KEY_ID", "no-such-key")).startCoordinator());
            var dead = starting.submit(() -> new ProcessCluster(Files.createDirectories(dir.resolve("dead-endpoint")))
                    .environment(withKey(s3.environment(), "AWS_ENDPOINT_URL_S3", deadUrl)).startCoordinator());
            var worker = starting.submit(() -> {
                ProcessCluster cluster = new ProcessCluster(Files.createDirectories(dir.resolve("wrong-worker")))
                        .environment(s3.environment()).startCoordinator();
                cluster.environment(withKey(s3.environment(), "AWS_SECRET_ACCESS_KEY", "not-the-secret"));
                cluster.startWorker(1);
                cluster.awaitLiveWorkers(1);
                return cluster;
            });
            wrongCredentials = credentials.get();
            deadEndpoint = dead.get();
            wrongWorker = worker.get();
        } finally {
            starting.shutdown();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ProcessCluster cluster : new ProcessCluster[] {wrongCredentials, deadEndpoint, wrongWorker}) {
            if (cluster != null) {
                cluster.close();
            }
        }
        s3.close();
        if (deadPort != null) {
            deadPort.close();
        }
    }

    private static Map<String, String> withKey(Map<String, String> environment, String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return changed;
    }

    private static JsonObject spec(String input, String output) {
        return new JsonObject().put("input", new JsonArray().add(input)).put("output", output).put("reducers", 1);
    }

    @Test
    void aCoordinatorWhoseCredentialsAreRejected_refusesS3InputAndOutput_namingTheEndpointAndTheCode() {
        String rejected = "S3 credentials rejected by " + s3.endpoint() + " (InvalidAccessKeyId)";
        assertRefused(wrongCredentials, spec("s3://books/in", "s3://books/out-a"), "input", rejected,
                "(listing s3://books/in)");
        assertRefused(wrongCredentials, spec(localInput.toString(), "s3://books/out-b"), "output", rejected,
                "(listing s3://books/out-b)");
        assertEquals(List.of(), s3.keys("out-"), "nothing reserved");
    }

    @Test
    void aCoordinatorWhoseEndpointHasNothingListening_refusesS3InputAndOutput_namingTheEndpoint() {
        String unreachable = "cannot reach the S3 endpoint " + deadUrl + ": ConnectException";
        assertRefused(deadEndpoint, spec("s3://books/in", "s3://books/out-c"), "input", unreachable,
                "(listing s3://books/in)");
        assertRefused(deadEndpoint, spec(localInput.toString(), "s3://books/out-d"), "output", unreachable,
                "(listing s3://books/out-d)");
    }

    @Test
    void aWorkerWhoseCredentialsAreRejected_failsTheTaskNamingTheObject() throws Exception {
        String book = "s3://books/in/" + localInput.getFileName();
        JsonObject spec = spec(book, "s3://books/from-wrong-worker").put("maxAttempts", 1);
        String id = wrongWorker.submit(jar, spec).getString("id"); // the coordinator's credentials are right
        JsonObject job = wrongWorker.awaitEnd(id, TIMEOUT);

        assertEquals("FAILED", job.getString("state"), job.encode());
        String error = job.getString("error");
        assertTrue(error.contains("access to " + book + " refused by " + s3.endpoint() + " (HTTP 403): check the S3 "
                + "credentials"), error);
        assertEquals(List.of(), s3.keys("from-wrong-worker/"), "a failed job leaves nothing");
    }

    private static void assertRefused(ProcessCluster cluster, JsonObject spec, String field, String cause,
                                      String where) {
        RestClient.ApiError e = assertThrows(RestClient.ApiError.class, () -> cluster.submit(jar, spec));
        assertEquals(400, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(cause), e.getMessage());
        assertTrue(e.getMessage().contains(where) && e.getMessage().endsWith("(field: " + field + ")"),
                e.getMessage());
    }
}
