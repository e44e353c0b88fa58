package io.gristmill.cli;

import io.gristmill.cli.testjobs.LifecycleWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator killed right after its jobs report SUCCEEDED, then restarted on the same state dir: every finished
 * output is intact and every job is still SUCCEEDED (history writes could lag behind the API, and a restart used
 * to fail such jobs and delete their complete outputs).
 */
@Timeout(240)
class CoordinatorRestartKeepsOutputsTest {
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
    void jobs_that_reported_success_just_before_a_kill_9_stay_succeeded_with_their_output() throws Exception {
        cluster = ProcessCluster.start(dir, 2, 2);
        Path jar = TestJars.jarOf(dir, LifecycleWordCount.class);
        Path input = Files.writeString(dir.resolve("in.txt"), "alpha beta\ngamma alpha\n");
        List<String> ids = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Path output = dir.resolve("out-" + i);
            JsonObject spec = new JsonObject().put("input", new JsonArray().add(input.toString()))
                    .put("output", output.toString()).put("reducers", 1);
            ids.add(cluster.submit(jar, spec).getString("id"));
            outputs.add(output);
        }
        for (String id : ids) {
            assertEquals("SUCCEEDED", cluster.awaitEnd(id, Duration.ofSeconds(90)).getString("state"));
        }

        cluster.restartCoordinator(); // kill -9 at once, then start on the same state dir and port

        Map<String, String> expected = Map.of("alpha", "2", "beta", "1", "gamma", "1");
        for (int i = 0; i < ids.size(); i++) {
            assertTrue(Files.exists(outputs.get(i).resolve("_SUCCESS")), "output " + i + " intact");
            assertEquals(expected, Outputs.keyValues(outputs.get(i)));
            assertEquals("SUCCEEDED", cluster.rest().job(ids.get(i)).getString("state"), ids.get(i));
        }
    }
}
