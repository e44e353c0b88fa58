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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A killed job whose mappers ignore the stop (they spin and never look at interrupts) must not poison the jobs after
 * it. Its slots stay busy — the worker says so — until the cancellation watchdog gives up: a worker whose every slot
 * is stuck exits with status 70, its supervisor (here, the test) starts a fresh one, and the next jobs, with
 * {@code maxAttempts 1}, all succeed with exact output.
 */
@Timeout(240)
class StuckTaskTest {
    private static final List<String> FAST_WATCHDOG = List.of("--cancel-timeout", "2s");

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
    void workers_whose_slots_are_all_stuck_exit_for_their_supervisor_and_the_next_jobs_succeed() throws Exception {
        cluster = new ProcessCluster(dir).startCoordinator();
        Process first = cluster.startWorker(1, List.of(), FAST_WATCHDOG);
        Process second = cluster.startWorker(1, List.of(), FAST_WATCHDOG);
        cluster.awaitLiveWorkers(2);
        Path jar = TestJars.jarOf(dir, LifecycleWordCount.class);
        Path a = Files.writeString(dir.resolve("a.txt"), "alpha beta\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "beta gamma\n");
        String spinning = cluster.submit(jar, spec(List.of(a, b), "spin", Map.of("spinForever", "true"))).getString("id");
        cluster.awaitJob(spinning, job -> job.getJsonObject("maps").getInteger("running") == 2, Duration.ofSeconds(60));
        for (String task : List.of("m-00000", "m-00001")) { // the mappers are in their loop, not still starting
            ProcessCluster.await(task + " spinning", () -> attemptLog(spinning, task).contains("spinning for ever"));
        }

        cluster.rest().kill(spinning);

        assertEquals("KILLED", cluster.awaitEnd(spinning, Duration.ofSeconds(30)).getString("state"));
        assertTrue(first.waitFor(30, TimeUnit.SECONDS) && second.waitFor(30, TimeUnit.SECONDS),
                "workers whose every slot is stuck exit\n" + cluster.logTails());
        assertEquals(70, first.exitValue());
        assertEquals(70, second.exitValue());
        assertTrue(Files.readString(dir.resolve("worker-1.log")).contains("stuck"), "one fatal line says why");

        cluster.startWorker(1); // what a supervisor does (systemd Restart=on-failure)
        cluster.startWorker(1);
        cluster.awaitLiveWorkers(2);
        for (int i = 0; i < 3; i++) {
            JsonObject spec = spec(List.of(a, b), "next-" + i, Map.of()).put("maxAttempts", 1);
            String id = cluster.submit(jar, spec).getString("id");
            JsonObject job = cluster.awaitEnd(id, Duration.ofSeconds(60));
            assertEquals("SUCCEEDED", job.getString("state"), job.encode());
            assertEquals(Map.of("alpha", "1", "beta", "2", "gamma", "1"), Outputs.keyValues(dir.resolve("next-" + i)));
        }
    }

    private String attemptLog(String jobId, String task) {
        try {
            return cluster.rest().attemptLog(jobId, task, task + "-1");
        } catch (Exception e) {
            return ""; // not written yet
        }
    }

    private JsonObject spec(List<Path> inputs, String output, Map<String, String> params) {
        JsonArray input = new JsonArray();
        inputs.forEach(p -> input.add(p.toString()));
        return new JsonObject().put("input", input).put("output", dir.resolve(output).toString()).put("reducers", 1)
                .put("params", new JsonObject(new java.util.LinkedHashMap<>(params)));
    }
}
