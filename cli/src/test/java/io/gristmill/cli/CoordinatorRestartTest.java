package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A coordinator killed and restarted on the same state dir: history survives, the interrupted job is resumed. */
class CoordinatorRestartTest {
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
    void whenCoordinatorRestarts_thenFinishedJobsAreListedAndTheInterruptedOneIsResumed() throws Exception {
        cluster = ProcessCluster.start(dir, 1, 2);
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        String finished = cluster.submit(jar, spec("done", Map.of())).getString("id");
        assertEquals("SUCCEEDED", cluster.awaitEnd(finished, TIMEOUT).getString("state"));
        String interrupted = cluster.submit(jar, spec("interrupted", Map.of("mapSleepMillis", "60000"))).getString("id");
        cluster.awaitJob(interrupted, j -> j.getJsonObject("maps").getInteger("running") > 0, TIMEOUT);

        cluster.restartCoordinator();

        Map<String, JsonObject> jobs = new HashMap<>();
        for (Object o : cluster.rest().jobs()) {
            jobs.put(((JsonObject) o).getString("id"), (JsonObject) o);
        }
        assertEquals("SUCCEEDED", jobs.get(finished).getString("state"));
        assertEquals("RUNNING", jobs.get(interrupted).getString("state"), "the interrupted job is resumed, not failed");
        assertTrue(Files.exists(dir.resolve("done").resolve("_SUCCESS")));
        cluster.rest().kill(interrupted); // a resumed job is a job like any other
        cluster.awaitJob(interrupted, j -> j.getString("state").equals("KILLED"), TIMEOUT);
        assertFalse(Files.exists(dir.resolve("interrupted")), "the killed job's output folder is removed");

        cluster.awaitLiveWorkers(1);
        String after = cluster.submit(jar, spec("after", Map.of())).getString("id");
        JsonObject afterStatus = cluster.awaitEnd(after, TIMEOUT);
        assertEquals("SUCCEEDED", afterStatus.getString("state"), "workers re-registered with the new epoch: " + afterStatus);
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(dir.resolve("after")));
    }

    private JsonObject spec(String output, Map<String, String> params) {
        return new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve(output).toString()).put("reducers", 2)
                .put("params", new JsonObject(new HashMap<String, Object>(params)));
    }
}
