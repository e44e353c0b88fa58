package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs reading {@code s3://} input and writing {@code s3://} output on a coordinator and worker processes, against a
 * real S3 server (s3proxy, in this JVM) on 127.0.0.1. The processes get the endpoint and credentials from the usual
 * AWS environment variables.
 */
class S3JobsTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static S3ProxyServer server;
    private static S3Client s3;

    @TempDir
    Path dir;
    private ProcessCluster cluster;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3ProxyServer.start();
        server.createBucket("books");
        s3 = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
        for (Path book : Outputs.gutenbergFiles()) {
            s3.putObject(b -> b.bucket("books").key("in/" + book.getFileName()), RequestBody.fromFile(book));
        }
        // what listing skips, as it does in folders: output markers and hidden files
        s3.putObject(b -> b.bucket("books").key("in/_SUCCESS"), RequestBody.fromString("skipped words"));
        s3.putObject(b -> b.bucket("books").key("in/.hidden"), RequestBody.fromString("skipped words"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        server.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A coordinator and {@code workers} workers of one slot, reaching s3proxy through AWS_* variables. */
    private ProcessCluster startCluster(int workers) throws Exception {
        cluster = new ProcessCluster(dir).environment(Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY, "AWS_ENDPOINT_URL_S3", server.endpoint().toString(),
                "AWS_REGION", "us-east-1"));
        cluster.startCoordinator();
        for (int i = 0; i < workers; i++) {
            cluster.startWorker(1);
        }
        cluster.awaitLiveWorkers(workers);
        return cluster;
    }

    private static JsonObject spec(String output) {
        return new JsonObject().put("input", new JsonArray().add("s3://books/in")).put("output", "s3://books/" + output)
                .put("reducers", 3).put("splitSize", "256k");
    }

    @Test
    void wordCountFromS3ToS3_onACoordinatorAndTwoWorkerProcesses_equalsTheLocalWordCount() throws Exception {
        startCluster(2);
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class), spec("wc")).getString("id");
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertEquals(List.of("wc/_SUCCESS", "wc/part-r-00000", "wc/part-r-00001", "wc/part-r-00002"), keys("wc/"),
                "parts and _SUCCESS only: no _temporary left");
        assertEquals(List.of(), pendingUploads("wc/"));
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), keyValues("wc/"));
        assertEquals(3_301_104L, job.getJsonObject("counters").getJsonObject("gristmill").getLong("MAP_INPUT_BYTES"),
                "every book read once, the skipped objects not at all");
    }

    @Test
    void killingAWorkerMidReduce_leavesNoDuplicateOrPartialObject() throws Exception {
        startCluster(2);
        JsonObject spec = spec("crash").put("reducers", 2)
                .put("params", new JsonObject().put("reduceSleepMillis", "3000"));
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class), spec).getString("id");
        String reduceWorker = awaitAttempt(id, "REDUCE", "RUNNING");
        ProcessCluster.kill9(cluster.worker(reduceWorker));
        cluster.startWorker(1);
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertEquals(List.of("crash/_SUCCESS", "crash/part-r-00000", "crash/part-r-00001"), keys("crash/"));
        assertEquals(List.of(), pendingUploads("crash/"), "the killed attempt's upload was aborted");
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), keyValues("crash/"));
    }

    @Test
    void aKilledJob_leavesNoPartObjectAndNoPendingUpload() throws Exception {
        startCluster(2);
        // r-00000 commits (its upload pending until the job commit), r-00001 is still writing when the job is killed
        JsonObject spec = spec("killed").put("reducers", 2).put("params", new JsonObject()
                .put("slowBeforeResume", "r-00001").put("slowMillis", "120000"));
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class), spec).getString("id");
        awaitAttempt(id, "REDUCE", "SUCCEEDED");
        awaitAttempt(id, "REDUCE", "RUNNING");
        assertEquals(2, pendingUploads("killed/").size(), "both reducers' parts are pending uploads");
        cluster.rest().kill(id);
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);

        assertEquals("KILLED", job.getString("state"), job.encode());
        assertEquals(List.of(), keys("killed/"), "no part-* object, nor anything else");
        // the running attempt aborts its own upload as it stops; the job's end aborted the committed one
        ProcessCluster.await("no pending upload", () -> pendingUploads("killed/").isEmpty());
        assertEquals(List.of(), keys("killed/"));
    }

    @Test
    void badS3Input_isRefusedAtSubmissionNamingWhatIsWrong() throws Exception {
        startCluster(1);
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        assertRefused(jar, spec("x").put("input", new JsonArray().add("s3://no-such-bucket/in")), "input",
                "bucket 'no-such-bucket' does not exist");
        assertRefused(jar, spec("x").put("input", new JsonArray().add("s3://books/nothing-here")), "input",
                "matches no file");
        assertRefused(jar, spec("x").put("input", new JsonArray().add("hdfs://namenode/in")), "input",
                "uses the scheme 'hdfs'");
        assertRefused(jar, spec("x").put("output", "gs://bucket/out"), "output", "uses the scheme 'gs'");
        assertRefused(jar, spec("x").put("output", "s3://no-such-bucket/out"), "output",
                "bucket 'no-such-bucket' does not exist");
        assertRefused(jar, spec("x").put("output", "s3://books/in"), "output", "already exists");
        assertRefused(jar, spec("x").put("output", "s3://"), "output", "names no bucket");
    }

    private void assertRefused(Path jar, JsonObject spec, String field, String message) throws Exception {
        RestClient.ApiError e = org.junit.jupiter.api.Assertions.assertThrows(RestClient.ApiError.class,
                () -> cluster.submit(jar, spec));
        assertEquals(400, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(message) && e.getMessage().endsWith("(field: " + field + ")"),
                e.getMessage());
    }

    private String awaitAttempt(String id, String type, String state) throws Exception {
        String[] worker = new String[1];
        ProcessCluster.await("a " + state + " " + type + " attempt", () -> {
            for (Object t : cluster.tasks(id)) {
                JsonObject task = (JsonObject) t;
                for (Object a : task.getJsonArray("attempts")) {
                    JsonObject attempt = (JsonObject) a;
                    if (task.getString("type").equals(type) && attempt.getString("state").equals(state)) {
                        worker[0] = attempt.getString("workerId");
                        return true;
                    }
                }
            }
            return false;
        });
        return worker[0];
    }

    private static List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket("books").prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    private static List<String> pendingUploads(String prefix) {
        return s3.listMultipartUploads(b -> b.bucket("books").prefix(prefix)).uploads().stream()
                .map(MultipartUpload::key).toList();
    }

    /** The key/value lines of every part below {@code prefix}; a key seen twice fails (a duplicate part). */
    private static Map<String, String> keyValues(String prefix) {
        Map<String, String> all = new HashMap<>();
        for (String key : keys(prefix)) {
            if (!key.substring(prefix.length()).startsWith("part-")) {
                continue;
            }
            String text = s3.getObjectAsBytes(b -> b.bucket("books").key(key)).asString(StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String previous = all.put(line.substring(0, tab), line.substring(tab + 1));
                if (previous != null) {
                    throw new AssertionError("key " + line.substring(0, tab) + " is in two parts");
                }
            }
        }
        return all;
    }
}
