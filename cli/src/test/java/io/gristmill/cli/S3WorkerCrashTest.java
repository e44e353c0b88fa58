package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A worker process killed with SIGKILL while it writes an {@code s3://} part: the job still succeeds, with every
 * part once and whole. The processes reach S3 through the {@code --s3-endpoint} flag here (credentials from the
 * environment).
 */
class S3WorkerCrashTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private S3TestBucket s3;
    private ProcessCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void killingAWorkerMidReduce_leavesNoDuplicateOrPartialObject() throws Exception {
        s3 = S3TestBucket.start();
        Map<String, String> env = new HashMap<>(s3.environment());
        env.remove("AWS_ENDPOINT_URL_S3");
        List<String> endpoint = List.of("--s3-endpoint", s3.endpoint());
        cluster = new ProcessCluster(dir).environment(env).coordinatorOptions(endpoint);
        cluster.startCoordinator();
        cluster.startWorker(1, List.of(), endpoint);
        cluster.startWorker(1, List.of(), endpoint);
        cluster.awaitLiveWorkers(2);
        JsonObject spec = S3JobsTest.spec("crash").put("reducers", 2)
                .put("params", new JsonObject().put("reduceSleepMillis", "3000"));
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class), spec).getString("id");

        String reduceWorker = awaitAttempt(cluster, id, "REDUCE", "RUNNING");
        ProcessCluster.kill9(cluster.worker(reduceWorker));
        cluster.startWorker(1, List.of(), endpoint);
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertEquals(List.of("crash/_SUCCESS", "crash/part-r-00000", "crash/part-r-00001"), s3.keys("crash/"));
        assertEquals(List.of(), s3.pendingUploads("crash/"), "the killed attempt's upload was aborted");
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), s3.keyValues("crash/"));
    }

    /** Waits for an attempt of {@code type} in {@code state}; returns its worker. */
    static String awaitAttempt(ProcessCluster cluster, String id, String type, String state) throws Exception {
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
}
