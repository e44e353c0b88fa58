package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics, user counters and attempt logs on a coordinator and two worker processes: one word-count job whose maps
 * each fail their first attempt (so every map runs twice) is watched through /metrics, the API and the CLI.
 */
class ObservabilityTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ProcessCluster(dir).startCoordinator();
        cluster.startWorker(1);
        cluster.startWorker(1);
        cluster.awaitLiveWorkers(2);
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void metricsParseAsPrometheusTextAndMove_userCountersCountEachLineOnce_attemptLogsReachApiAndCli() throws Exception {
        Map<String, Double> coordinatorBefore = scrape(cluster.url() + "/metrics");
        List<Map<String, Double>> workersBefore = scrapeWorkers();
        assertTrue(coordinatorBefore.containsKey("jvm_memory_heap_used"), coordinatorBefore.keySet().toString());
        assertEquals(2.0, coordinatorBefore.get("gristmill_coordinator_workers_live"));
        assertEquals(2, coordinatorBefore.keySet().stream()
                .filter(name -> name.matches("gristmill_coordinator_worker_w_[0-9a-f]+_heartbeat_age_seconds")).count(),
                "one heartbeat-age gauge per live worker: " + coordinatorBefore.keySet());

        // only the first book (m-00000) names Bunbury: that map's first attempt fails, its second succeeds (one task
        // failing, not two on one worker: no worker is excluded from the job)
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve("wc").toString()).put("reducers", 2).put("maxAttempts", 3)
                .put("params", new JsonObject().put("failOn", "Bunbury").put("firstAttemptOnly", "true"));
        String id = cluster.submit(jar, spec).getString("id");
        JsonObject job = cluster.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());

        JsonArray tasks = cluster.tasks(id);
        int taskCount = tasks.size();
        int attemptCount = 0;
        int failedAttempts = 0; // not attempts - tasks: on a loaded machine a speculative backup may start too
        for (Object t : tasks) {
            JsonArray attempts = ((JsonObject) t).getJsonArray("attempts");
            attemptCount += attempts.size();
            failedAttempts += (int) attempts.stream().filter(a -> ((JsonObject) a).getString("state").equals("FAILED")).count();
        }
        assertTrue(attemptCount > taskCount, "maps were re-run after failing: " + tasks.encode());

        // user counters: each task's successful attempt once, so the failed first attempts count nothing
        long lines = lineCount(Outputs.gutenbergFiles());
        JsonObject counters = job.getJsonObject("counters");
        assertEquals(lines, counters.getJsonObject("words").getLong("lines"), counters.encode());
        assertEquals(lines, counters.getJsonObject("gristmill").getLong("MAP_INPUT_RECORDS"), counters.encode());
        String status = runCli("status", id, "--coordinator", cluster.url());
        assertTrue(status.matches("(?s).*words\\.lines\\s+" + String.format("%,d", lines) + "\\n.*"), status);

        // coordinator metrics moved with the job's attempts
        Map<String, Double> coordinatorAfter = scrape(cluster.url() + "/metrics");
        assertEquals(attemptCount, delta(coordinatorBefore, coordinatorAfter, "gristmill_coordinator_tasks_started_total"));
        assertEquals(taskCount, delta(coordinatorBefore, coordinatorAfter, "gristmill_coordinator_tasks_succeeded_total"));
        assertEquals(failedAttempts, delta(coordinatorBefore, coordinatorAfter, "gristmill_coordinator_tasks_failed_total"));
        assertEquals(1.0, coordinatorAfter.get("gristmill_coordinator_jobs_succeeded"));
        assertEquals(0.0, coordinatorAfter.get("gristmill_coordinator_tasks_pending"));

        // worker metrics: the records of every attempt, failed ones included, so at least the job's counters
        List<Map<String, Double>> workersAfter = scrapeWorkers();
        JsonObject builtIn = counters.getJsonObject("gristmill");
        assertTrue(sumDelta(workersBefore, workersAfter, "gristmill_worker_map_input_records_total") >= lines);
        assertTrue(sumDelta(workersBefore, workersAfter, "gristmill_worker_map_output_records_total")
                >= builtIn.getLong("MAP_OUTPUT_RECORDS"));
        assertEquals(builtIn.getLong("REDUCE_OUTPUT_RECORDS").doubleValue(),
                sumDelta(workersBefore, workersAfter, "gristmill_worker_reduce_output_records_total"));
        assertEquals((double) attemptCount, sumDelta(workersBefore, workersAfter, "gristmill_worker_tasks_started_total"));
        assertEquals(2.0, sumDelta(workersBefore, workersAfter, "gristmill_worker_shuffle_fetch_seconds_count"),
                "one timed fetch per reducer");
        assertTrue(sumDelta(workersBefore, workersAfter, "gristmill_worker_shuffle_bytes_total") > 0);

        // attempt logs: System.out, System.err and SLF4J of the job's code, and the framework's lines
        JsonObject map = tasks.getJsonObject(0);
        String mapTask = map.getString("taskId");
        JsonObject failed = map.getJsonArray("attempts").getJsonObject(0);
        JsonObject succeeded = map.getJsonArray("attempts").getJsonObject(1);
        String failedLog = cluster.rest().attemptLog(id, mapTask, failed.getString("attemptId"));
        String okLog = cluster.rest().attemptLog(id, mapTask, succeeded.getString("attemptId"));
        for (String expected : List.of("stdout: flaky mapper set up for " + succeeded.getString("attemptId"),
                "stderr: flaky mapper set up for " + succeeded.getString("attemptId"),
                "INFO io.gristmill.cli.testjobs.FlakyWordCount$FlakyMapper - slf4j: flaky mapper set up for "
                        + succeeded.getString("attemptId"),
                "attempt " + succeeded.getString("attemptId") + " of " + id, "succeeded")) {
            assertTrue(okLog.contains(expected), "missing '" + expected + "' in:\n" + okLog);
        }
        assertTrue(failedLog.contains("poisoned record"), failedLog);
        assertTrue(failedLog.contains("stdout: flaky mapper set up for " + failed.getString("attemptId")), failedLog);

        String cliLogs = runCli("logs", id, "--task", mapTask, "--coordinator", cluster.url());
        assertTrue(cliLogs.contains("==> " + id + " " + mapTask + " attempt " + failed.getString("attemptId")), cliLogs);
        assertTrue(cliLogs.contains("==> " + id + " " + mapTask + " attempt " + succeeded.getString("attemptId")), cliLogs);
        assertTrue(cliLogs.contains("slf4j: flaky mapper set up for " + succeeded.getString("attemptId")), cliLogs);
        String allLogs = runCli("logs", id, "--coordinator", cluster.url());
        for (Object t : tasks) {
            assertTrue(allLogs.contains(" " + ((JsonObject) t).getString("taskId") + " attempt "), allLogs);
        }

        // the worker serves what user code printed only to its coordinator, which presents its log secret
        for (int port : cluster.shufflePorts().values()) {
            HttpResponse<String> direct = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/logs/" + id + "/" + succeeded.getString("attemptId"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, direct.statusCode(), direct.body());
        }

        RestClient.ApiError unknown = assertThrows(RestClient.ApiError.class,
                () -> cluster.rest().attemptLog(id, mapTask, mapTask + "-99"));
        assertTrue(unknown.getMessage().contains("no attempt"), unknown.getMessage());
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertNotNull(after.get(series), series + " missing from " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private static double sumDelta(List<Map<String, Double>> before, List<Map<String, Double>> after, String series) {
        double sum = 0;
        for (int i = 0; i < after.size(); i++) {
            sum += delta(before.get(i), after.get(i), series);
        }
        return sum;
    }

    private static List<Map<String, Double>> scrapeWorkers() throws Exception {
        List<Map<String, Double>> all = new ArrayList<>();
        for (int port : cluster.shufflePorts().values()) {
            all.add(scrape("http://127.0.0.1:" + port + "/metrics"));
        }
        return all;
    }

    private static Map<String, Double> scrape(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                response.headers().toString());
        return PrometheusText.parse(response.body());
    }

    /** Lines as the line reader sees them: separated by '\n', a last line without '\n' counts too. */
    private static long lineCount(List<Path> files) throws Exception {
        long lines = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                lines += b == '\n' ? 1 : 0;
            }
            lines += bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? 1 : 0;
        }
        return lines;
    }

    private static String runCli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Gristmill.execute(args);
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, String.join(" ", args) + " failed:\n" + text);
        return text;
    }
}
