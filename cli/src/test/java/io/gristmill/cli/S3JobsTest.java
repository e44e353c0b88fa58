package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs reading {@code s3://} input and writing {@code s3://} output on a coordinator and two worker processes, against
 * a real S3 server (s3proxy, in this JVM) on 127.0.0.1. The processes find the endpoint and credentials in the usual
 * AWS environment variables. Nothing here kills a process, so the tests share one cluster.
 */
class S3JobsTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    private static S3TestBucket s3;
    private static ProcessCluster cluster;
    private static Path jar;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestBucket.start();
        cluster = new ProcessCluster(dir).environment(s3.environment());
        cluster.startCoordinator();
        cluster.startWorker(1);
        cluster.startWorker(1);
        cluster.awaitLiveWorkers(2);
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        s3.close();
    }

    static JsonObject spec(String output) {
        return new JsonObject().put("input", new JsonArray().add("s3://books/in")).put("output", "s3://books/" + output)
                .put("reducers", 3).put("splitSize", "256k");
    }

    @Test
    void wordCountFromS3ToS3_onACoordinatorAndTwoWorkerProcesses_equalsTheLocalWordCount() throws Exception {
        String id = cluster.submit(jar, spec("wc")).getString("id");
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertEquals(List.of("wc/_SUCCESS", "wc/part-r-00000", "wc/part-r-00001", "wc/part-r-00002"), s3.keys("wc/"),
                "parts and _SUCCESS only: no _temporary left");
        assertEquals(List.of(), s3.pendingUploads("wc/"));
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), s3.keyValues("wc/"));
        assertEquals(3_301_104L, job.getJsonObject("counters").getJsonObject("gristmill").getLong("MAP_INPUT_BYTES"),
                "every book read once, the skipped objects not at all");
    }

    @Test
    void aKilledJob_leavesNoPartObjectAndNoPendingUpload() throws Exception {
        // r-00000 commits (its upload pending until the job commit), r-00001 is still writing when the job is killed
        JsonObject spec = spec("killed").put("reducers", 2).put("params", new JsonObject()
                .put("slowBeforeResume", "r-00001").put("slowMillis", "120000"));
        String id = cluster.submit(jar, spec).getString("id");
        S3WorkerCrashTest.awaitAttempt(cluster, id, "REDUCE", "SUCCEEDED");
        S3WorkerCrashTest.awaitAttempt(cluster, id, "REDUCE", "RUNNING");
        // the running reducer opens its part once it has fetched its input
        ProcessCluster.await("both reducers' parts pending", () -> s3.pendingUploads("killed/").size() == 2);
        cluster.rest().kill(id);
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);

        assertEquals("KILLED", job.getString("state"), job.encode());
        assertEquals(List.of(), s3.keys("killed/"), "no part-* object, nor anything else");
        // the job's end aborted the committed part's upload; the running attempt aborts its own as it stops
        ProcessCluster.await("no pending upload", () -> s3.pendingUploads("killed/").isEmpty());
        assertEquals(List.of(), s3.keys("killed/"));
    }

    @Test
    void gristmillLocal_readsAndWritesS3_withTheEndpointFlag() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(s3.environment());
        env.remove("AWS_ENDPOINT_URL_S3");
        Process local = new ProcessCluster(dir).environment(env).launchOn(List.of(), "local", List.of(),
                List.of("local", "--job", "wordcount", "--workers", "2", "--console-port", "0", "--s3-endpoint",
                        s3.endpoint(), "--input", "s3://books/in", "--output", "s3://books/local-wc", "--reducers", "2"));
        assertTrue(local.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "local did not end");
        assertEquals(0, local.exitValue(), java.nio.file.Files.readString(dir.resolve("local.log")));
        assertEquals(List.of("local-wc/_SUCCESS", "local-wc/part-r-00000", "local-wc/part-r-00001"),
                s3.keys("local-wc/"));
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), s3.keyValues("local-wc/"));
    }

    @Test
    void theTopKWordsPipeline_readsAndWritesS3_andLeavesOnlyItsResult() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(s3.environment());
        env.remove("AWS_ENDPOINT_URL_S3");
        Process local = new ProcessCluster(dir).environment(env).launchOn(List.of(), "local-topk", List.of(),
                List.of("local", "--job", "topk", "--param", "k=5", "--workers", "2", "--console-port", "0",
                        "--s3-endpoint", s3.endpoint(), "--input", "s3://books/in", "--output", "s3://books/topk",
                        "--reducers", "2"));
        assertTrue(local.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), "local did not end");
        assertEquals(0, local.exitValue(), java.nio.file.Files.readString(dir.resolve("local-topk.log")));

        // the last step's part, copied to the pipeline's prefix; the steps' objects and the reservation gone
        assertEquals(List.of("topk/_SUCCESS", "topk/part-r-00000"), s3.keys("topk/"));
        assertEquals(List.of(), s3.pendingUploads("topk/"));
        List<String> expected = Outputs.sequentialWordCount(Outputs.gutenbergFiles()).entrySet().stream()
                .sorted(java.util.Map.Entry.<String, String>comparingByValue(
                        java.util.Comparator.comparingLong(Long::parseLong)).reversed()
                        .thenComparing(java.util.Map.Entry.comparingByKey(S3JobsTest::byCodePoints)))
                .limit(5).map(e -> e.getKey() + "\t" + e.getValue()).toList();
        assertEquals(expected, s3.text("topk/part-r-00000").lines().toList());
    }

    private static int byCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    @Test
    void badS3InputOrOutput_isRefusedAtSubmissionNamingWhatIsWrong() throws Exception {
        assertRefused(spec("x").put("input", new JsonArray().add("s3://no-such-bucket/in")), "input",
                "bucket 'no-such-bucket' does not exist");
        assertRefused(spec("x").put("input", new JsonArray().add("s3://books/nothing-here")), "input",
                "matches no file");
        assertRefused(spec("x").put("input", new JsonArray().add("hdfs://namenode/in")), "input",
                "uses the scheme 'hdfs'");
        assertRefused(spec("x").put("output", "gs://bucket/out"), "output", "uses the scheme 'gs'");
        assertRefused(spec("x").put("output", "s3://no-such-bucket/out"), "output",
                "bucket 'no-such-bucket' does not exist");
        assertRefused(spec("x").put("output", "s3://books/in"), "output", "already exists");
        assertRefused(spec("x").put("output", "s3://"), "output", "names no bucket");
    }

    private static void assertRefused(JsonObject spec, String field, String message) {
        RestClient.ApiError e = assertThrows(RestClient.ApiError.class, () -> cluster.submit(jar, spec));
        assertEquals(400, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(message) && e.getMessage().endsWith("(field: " + field + ")"),
                e.getMessage());
    }
}
