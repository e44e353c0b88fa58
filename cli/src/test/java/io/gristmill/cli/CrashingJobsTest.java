package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job code that halts its worker's JVM ({@code Runtime.halt}, as a crash or an out-of-memory would), with worker
 * processes replaced as they die. The seed comes from {@code -Dgristmill.chaos.seed} (default fixed) so a failing
 * run can be replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one cluster for both jobs: dead workers are replaced as they go
class CrashingJobsTest {
    private static final long SEED = Long.getLong("gristmill.chaos.seed", 20261121L);
    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private Path dir;
    private ProcessCluster cluster;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        cluster = ProcessCluster.start(dir, 3, 1);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private JsonObject spec(String output, Map<String, Object> params) {
        return new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve(output).toString()).put("reducers", 2).put("splitSize", "1m")
                .put("params", new JsonObject(params));
    }

    @Test
    void whenTasksRandomlyHaltTheirWorkersAndWorkersAreReplaced_thenOutputEqualsACrashFreeRun() throws Exception {
        JsonObject spec = spec("chaos", Map.of("haltProbability", "0.15", "seed", Long.toString(SEED),
                "mapSleepMillis", "300", "reduceSleepMillis", "300")).put("maxWorkerLosses", 100);
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class), spec).getString("id");

        JsonObject job = keepWorkersRunningUntilEnd(id, 3);

        assertEquals("SUCCEEDED", job.getString("state"), "seed " + SEED + ": " + job.encode());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(dir.resolve("chaos")));
    }

    @Test
    void whenOneTaskAlwaysHaltsItsWorker_thenJobFailsAfterMaxWorkerLossesNamingThatTask() throws Exception {
        String id = cluster.submit(TestJars.jarOf(dir, FlakyWordCount.class),
                spec("halts", Map.of("haltTask", "m-00001"))).getString("id");

        JsonObject job = keepWorkersRunningUntilEnd(id, 3);

        assertEquals("FAILED", job.getString("state"), job.encode());
        assertEquals("m-00001", job.getString("errorTask"));
        assertTrue(job.getString("error").contains("m-00001") && job.getString("error").contains("maxWorkerLosses"),
                job.getString("error"));
    }

    /** Replaces dead worker processes until the job ends. */
    private JsonObject keepWorkersRunningUntilEnd(String id, int workers) throws Exception {
        java.util.List<String> ended = java.util.List.of("SUCCEEDED", "FAILED", "KILLED");
        JsonObject job = ProcessCluster.poll(TIMEOUT, () -> {
            JsonObject seen = cluster.rest().job(id);
            if (!ended.contains(seen.getString("state")) && cluster.liveWorkerProcesses() < workers) {
                cluster.startWorker(1);
            }
            return seen;
        }, seen -> ended.contains(seen.getString("state")));
        if (!ended.contains(job.getString("state"))) {
            throw new AssertionError("seed " + SEED + ": job " + id + " did not end within " + TIMEOUT + ": "
                    + job.encode() + "\n" + cluster.tasks(id).encode() + "\n" + cluster.logTails());
        }
        return job;
    }
}
