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
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A worker frozen with SIGSTOP past the heartbeat timeout, then resumed: its old attempts never commit. */
class FrozenWorkerTest {
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
    void whenAWorkerIsFrozenPastTheTimeoutAndResumed_thenItCommitsNothingForItsOldAttemptsAndOutputIsExact() throws Exception {
        cluster = ProcessCluster.start(dir, 3, 1);
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve("out").toString()).put("reducers", 2)
                .put("params", new JsonObject().put("mapSleepMillis", "2000").put("reduceSleepMillis", "4000"));
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class), spec).getString("id");
        String[] frozen = new String[2];
        ProcessCluster.await("a running reduce attempt", () -> runningReduce(id, frozen));
        Process worker = cluster.worker(frozen[0]);

        signal(worker, "STOP");
        ProcessCluster.await("the frozen worker declared dead", () -> isDead(frozen[0]));
        signal(worker, "CONT");
        JsonObject job = cluster.awaitEnd(id, Duration.ofMinutes(3));

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(dir.resolve("out")));
        for (Object t : cluster.tasks(id)) {
            for (Object a : ((JsonObject) t).getJsonArray("attempts")) {
                JsonObject attempt = (JsonObject) a;
                if (attempt.getString("attemptId").equals(frozen[1])) {
                    assertNotEquals("SUCCEEDED", attempt.getString("state"), "the frozen attempt must not commit");
                }
            }
        }
    }

    private boolean runningReduce(String id, String[] found) throws Exception {
        for (Object t : cluster.tasks(id)) {
            JsonObject task = (JsonObject) t;
            for (Object a : task.getJsonArray("attempts")) {
                JsonObject attempt = (JsonObject) a;
                if (task.getString("type").equals("REDUCE") && attempt.getString("state").equals("RUNNING")) {
                    found[0] = attempt.getString("workerId");
                    found[1] = attempt.getString("attemptId");
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isDead(String workerId) throws Exception {
        for (Object w : cluster.rest().workers()) {
            JsonObject worker = (JsonObject) w;
            if (worker.getString("id").equals(workerId)) {
                return !worker.getBoolean("alive");
            }
        }
        return false;
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }
}
