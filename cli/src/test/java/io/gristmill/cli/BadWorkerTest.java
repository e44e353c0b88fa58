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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker on which every task of a job fails (here: a JVM flag makes the job's mapper refuse to run there) is
 * excluded from that job after two of its tasks failed there, with the reason in the API, and the job succeeds on
 * the other workers.
 */
@Timeout(240)
class BadWorkerTest {
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
    void a_worker_whose_tasks_keep_failing_is_excluded_and_the_job_succeeds_on_the_others() throws Exception {
        cluster = new ProcessCluster(dir).startCoordinator();
        Process bad = cluster.startWorker(2, List.of("-Dgristmill.test.bad=true"), List.of());
        cluster.startWorker(1);
        cluster.startWorker(1);
        cluster.awaitLiveWorkers(3);
        String badWorker = cluster.workerId(bad);
        List<Path> inputs = new ArrayList<>();
        JsonArray input = new JsonArray();
        for (int f = 0; f < 8; f++) {
            Path file = Files.writeString(dir.resolve("in-" + f + ".txt"), "word" + (char) ('a' + f) + " shared\n");
            inputs.add(file);
            input.add(file.toString());
        }
        Path output = dir.resolve("out");
        JsonObject spec = new JsonObject().put("input", input).put("output", output.toString()).put("reducers", 2)
                .put("speculation", false).put("params", new JsonObject().put("failOnProperty", "gristmill.test.bad"));

        String id = cluster.submit(TestJars.jarOf(dir, LifecycleWordCount.class), spec).getString("id");
        JsonObject job = cluster.awaitEnd(id, Duration.ofSeconds(150));

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(inputs), Outputs.keyValues(output));
        JsonObject excluded = job.getJsonObject("excludedWorkers");
        assertEquals(List.of(badWorker), List.copyOf(excluded.fieldNames()), job.encode());
        assertTrue(excluded.getString(badWorker).contains("of its tasks failed there"), excluded.encode());
        int failedThere = 0;
        for (Object t : cluster.tasks(id)) {
            for (Object a : ((JsonObject) t).getJsonArray("attempts")) {
                JsonObject attempt = (JsonObject) a;
                if (attempt.getString("workerId").equals(badWorker)) {
                    assertEquals("FAILED", attempt.getString("state"), attempt.encode());
                    failedThere++;
                }
            }
        }
        assertTrue(failedThere >= 2 && failedThere <= 3, "no task went there once it was excluded: " + failedThere);
    }
}
