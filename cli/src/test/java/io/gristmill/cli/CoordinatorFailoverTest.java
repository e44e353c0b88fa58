package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator is no single point of failure (issue 14): a frozen coordinator that comes back after a standby took
 * over steps down, and the standby resumes the running job where it stood — committed tasks and map outputs held by
 * live workers are not run again. A restart on the same state dir, and one of two standbys taking over, at each phase
 * of a job: {@link CoordinatorRestartAtEachPhaseTest}, {@link StandbyTakeoverAtEachPhaseTest}.
 */
class CoordinatorFailoverTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int REDUCERS = 3;
    private static final String SLOW_REDUCER = "r-00002";

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
    void a_frozen_coordinator_that_comes_back_after_the_takeover_steps_down() throws Exception {
        cluster = ProcessCluster.start(dir, 2, 2);
        Process standby = cluster.startStandby();
        String standbyUrl = cluster.standbyUrl(standby);
        String id = submitWithASlowReducer("frozen");
        JsonObject before = awaitOtherReducersCommitted(id);
        Process frozen = cluster.coordinator();

        signal(frozen, "STOP");
        try {
            awaitActive(standbyUrl);
        } finally {
            signal(frozen, "CONT");
        }
        cluster.useCoordinator(standby, standbyUrl);

        assertTrue(frozen.waitFor(60, TimeUnit.SECONDS), "the old coordinator did not step down");
        assertEquals(CoordinatorCommand.EXIT_STEPPED_DOWN, frozen.exitValue());
        JsonObject job = cluster.awaitEnd(id, TIMEOUT);
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertResumedWithoutRedoingWork(id, before);
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(dir.resolve("frozen")));
    }

    private String submitWithASlowReducer(String output) throws Exception {
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve(output).toString()).put("reducers", REDUCERS).put("splitSize", "1m")
                .put("params", new JsonObject(new HashMap<String, Object>(Map.of("slowBeforeResume", SLOW_REDUCER))));
        return cluster.submit(jar, spec).getString("id");
    }

    /** Waits until every reducer but the slow one is committed, and returns the job's tasks then. */
    private JsonObject awaitOtherReducersCommitted(String id) throws Exception {
        cluster.awaitJob(id, j -> j.getJsonObject("reduces").getInteger("succeeded") == REDUCERS - 1, TIMEOUT);
        return new JsonObject().put("tasks", cluster.tasks(id));
    }

    /**
     * Every map and every reducer that had finished before the coordinator changed kept its one attempt (recovered,
     * not run again); only the slow reducer ran again; counters count every task once.
     */
    private void assertResumedWithoutRedoingWork(String id, JsonObject before) throws Exception {
        Map<String, JsonObject> after = byTask(cluster.tasks(id));
        for (JsonObject task : byTask(before.getJsonArray("tasks")).values()) {
            String taskId = task.getString("taskId");
            if (taskId.equals(SLOW_REDUCER)) {
                continue;
            }
            assertEquals("SUCCEEDED", task.getString("state"), task.encode());
            JsonArray attempts = after.get(taskId).getJsonArray("attempts");
            assertEquals(1, attempts.size(), taskId + " ran again: " + attempts.encode());
            assertTrue(attempts.getJsonObject(0).getBoolean("recovered"), attempts.encode());
        }
        JsonArray slow = after.get(SLOW_REDUCER).getJsonArray("attempts");
        assertTrue(slow.getJsonObject(slow.size() - 1).getString("attemptId").contains(".t"), slow.encode());
        JsonObject counters = cluster.rest().job(id).getJsonObject("counters").getJsonObject("gristmill");
        assertEquals(Outputs.gutenbergFiles().stream().mapToLong(CoordinatorFailoverTest::lines).sum(),
                counters.getLong("MAP_INPUT_RECORDS"), counters.encode());
        assertFalse(Files.exists(dir.resolve("state").resolve("journal").resolve(id + ".jsonl.tmp")));
    }

    private static Map<String, JsonObject> byTask(JsonArray tasks) {
        Map<String, JsonObject> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(((JsonObject) t).getString("taskId"), (JsonObject) t));
        return byId;
    }

    private static long lines(Path file) {
        try (var lines = Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until the coordinator at {@code url} answers as the active one (its port is closed while it switches). */
    private static void awaitActive(String url) throws Exception {
        ProcessCluster.await("the standby at " + url + " taking over", () -> isActive(url));
    }

    private static boolean isActive(String url) throws Exception {
        try {
            return get(url + "/api/v1/jobs").statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void signal(Process process, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }
}
