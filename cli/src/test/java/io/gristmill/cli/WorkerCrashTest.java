package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worker processes killed with SIGKILL while a job runs: the job still succeeds with exactly the right output. */
class WorkerCrashTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private ProcessCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void whenWorkersAreKilledMidMapAndMidReduce_thenJobSucceedsWithExactOutput() throws Exception {
        cluster = ProcessCluster.start(dir, 3, 1);
        // the second reducer holds while this file exists: with a fast shuffle the reduce phase could end while the
        // test was still starting the replacement worker (a JVM start takes tens of seconds on a loaded machine)
        Path holdReducer = java.nio.file.Files.createFile(dir.resolve("hold-reducer"));
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve("out").toString()).put("reducers", 2).put("splitSize", "1m")
                .put("params", new JsonObject().put("mapSleepMillis", "1500").put("reduceSleepMillis", "4000")
                        .put("holdTask", "r-00001").put("holdFile", holdReducer.toString()));
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class), spec).getString("id");

        String mapWorker = awaitRunningAttempt(id, "MAP");
        ProcessCluster.kill9(cluster.worker(mapWorker));
        String lateJoiner = cluster.workerId(cluster.startWorker(1));
        String reduceWorker = awaitRunningAttempt(id, "REDUCE");
        ProcessCluster.kill9(cluster.worker(reduceWorker));
        java.nio.file.Files.delete(holdReducer); // the re-run reducer goes through
        cluster.startWorker(1);
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        java.util.Map<String, String> expected = Outputs.sequentialWordCount(Outputs.gutenbergFiles());
        Outputs.assertSameEntries(expected, Outputs.keyValues(dir.resolve("out")));
        assertTrue(killedAttempts(id, "MAP") >= 1, "the map on the killed worker was re-run");
        assertTrue(killedAttempts(id, "REDUCE") >= 1, "the reduce on the killed worker was re-run");
        assertTrue(attemptsOn(id, lateJoiner) >= 1, "a worker that joined after the job started got tasks");
        JsonObject counters = job.getJsonObject("counters").getJsonObject("gristmill");
        assertEquals(expected.size(), counters.getLong("REDUCE_OUTPUT_RECORDS"), "each task's successful attempt counted once");
        assertEquals(3_301_104L, counters.getLong("MAP_INPUT_BYTES"), "re-run maps are not counted twice");
    }

    private String awaitRunningAttempt(String id, String type) throws Exception {
        String[] worker = new String[1];
        ProcessCluster.await("a running " + type + " attempt", () -> {
            for (Object t : cluster.tasks(id)) {
                JsonObject task = (JsonObject) t;
                for (Object a : task.getJsonArray("attempts")) {
                    JsonObject attempt = (JsonObject) a;
                    if (task.getString("type").equals(type) && attempt.getString("state").equals("RUNNING")) {
                        worker[0] = attempt.getString("workerId");
                        return true;
                    }
                }
            }
            return false;
        });
        return worker[0];
    }

    private long attemptsOn(String id, String workerId) throws Exception {
        long count = 0;
        for (Object t : cluster.tasks(id)) {
            for (Object a : ((JsonObject) t).getJsonArray("attempts")) {
                count += ((JsonObject) a).getString("workerId").equals(workerId) ? 1 : 0;
            }
        }
        return count;
    }

    private long killedAttempts(String id, String type) throws Exception {
        long killed = 0;
        for (Object t : cluster.tasks(id)) {
            JsonObject task = (JsonObject) t;
            for (Object a : task.getJsonArray("attempts")) {
                killed += task.getString("type").equals(type) && ((JsonObject) a).getString("state").equals("KILLED") ? 1 : 0;
            }
        }
        return killed;
    }
}
