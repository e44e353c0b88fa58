package io.gristmill.cli;

import io.gristmill.cli.testjobs.LifecycleWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attempt lifecycle with real processes (a coordinator and three 1-slot workers): a task that makes no progress
 * is killed at its task timeout and retried, a straggler gets a backup that wins, records the mapper fails on are
 * skipped and reported — each ending with a succeeded job and exact output.
 */
@Timeout(300)
class AttemptLifecycleTest {
    private static final Duration END = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;
    private static List<Path> inputs;

    @BeforeAll
    static void start() throws Exception {
        cluster = ProcessCluster.start(dir, 3, 1);
        jar = TestJars.jarOf(dir, LifecycleWordCount.class);
        inputs = new ArrayList<>();
        for (int f = 0; f < 6; f++) {
            StringBuilder text = new StringBuilder();
            // m-00001's file is long enough for its reader to report progress (every 4,096 records) while it crawls
            for (int line = 0; line < (f == 1 ? 12_288 : 200); line++) {
                text.append("file").append((char) ('a' + f)).append(" line ").append(line % 7 == 0 ? "seven" : "other")
                        .append(" words here\n");
            }
            inputs.add(Files.writeString(dir.resolve("in-" + f + ".txt"), text));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JsonObject spec(Map<String, String> params) {
        JsonArray input = new JsonArray();
        inputs.forEach(p -> input.add(p.toString()));
        return new JsonObject().put("input", input).put("output", dir.resolve("out-" + UUID.randomUUID()).toString())
                .put("reducers", 2).put("params", new JsonObject(new java.util.LinkedHashMap<>(params)));
    }

    private static JsonObject task(String jobId, String taskId) throws Exception {
        for (Object t : cluster.tasks(jobId)) {
            if (((JsonObject) t).getString("taskId").equals(taskId)) {
                return (JsonObject) t;
            }
        }
        throw new AssertionError("no task " + taskId + " in " + jobId);
    }

    @Test
    void a_task_that_makes_no_progress_is_killed_at_the_task_timeout_and_runs_again() throws Exception {
        JsonObject spec = spec(Map.of("hangTask", "m-00002")).put("taskTimeout", "3s").put("speculation", false);
        String id = cluster.submit(jar, spec).getString("id");

        JsonObject job = cluster.awaitEnd(id, END);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(inputs), Outputs.keyValues(Path.of(spec.getString("output"))));
        JsonArray attempts = task(id, "m-00002").getJsonArray("attempts");
        JsonObject first = attempts.getJsonObject(0);
        assertEquals("FAILED", first.getString("state"), attempts.encode());
        assertTrue(first.getString("error").contains("(taskTimeout)"), first.getString("error"));
        assertEquals("SUCCEEDED", attempts.getJsonObject(attempts.size() - 1).getString("state"), attempts.encode());
    }

    @Test
    void a_straggler_gets_a_backup_on_another_worker_and_the_backup_wins() throws Exception {
        JsonObject spec = spec(Map.of("slowTask", "m-00001", "slowMillisPerLine", "5"));
        long started = System.nanoTime();
        String id = cluster.submit(jar, spec).getString("id");

        JsonObject job = cluster.awaitEnd(id, END);

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertTrue(seconds < 40, "the slow attempt alone needs 60 s; the job took " + seconds + " s");
        Outputs.assertSameEntries(Outputs.sequentialWordCount(inputs), Outputs.keyValues(Path.of(spec.getString("output"))));
        JsonArray attempts = task(id, "m-00001").getJsonArray("attempts");
        JsonObject winner = null;
        for (Object a : attempts) {
            if ("SUCCEEDED".equals(((JsonObject) a).getString("state"))) {
                winner = (JsonObject) a;
            }
        }
        assertTrue(winner != null && winner.getBoolean("backup"), "the backup won: " + attempts.encode());
        assertTrue(!attempts.getJsonObject(0).getString("workerId").equals(winner.getString("workerId")),
                "the backup ran on another worker: " + attempts.encode());
        assertEquals("KILLED", attempts.getJsonObject(0).getString("state"), attempts.encode());
        Map<String, Object> counters = job.getJsonObject("counters").getJsonObject("gristmill").getMap();
        assertEquals(5 * 200L + 12_288L, ((Number) counters.get("MAP_INPUT_RECORDS")).longValue(),
                "counted once: " + counters);
    }

    @Test
    void records_the_mapper_fails_on_are_skipped_reported_and_left_out_of_the_output() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.txt"), "good one\nPOISON here\ngood two\nPOISON again\n"
                + "good three\nand POISON\n");
        JsonObject spec = spec(Map.of("badWord", "POISON")).put("maxSkippedRecords", 5)
                .put("input", new JsonArray().add(bad.toString()));

        String id = cluster.submit(jar, spec).getString("id");
        JsonObject job = cluster.awaitEnd(id, END);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        JsonArray skipped = job.getJsonArray("skippedRecords");
        assertEquals(3, skipped.size(), skipped.encode());
        List<Long> offsets = new ArrayList<>();
        for (Object s : skipped) {
            JsonObject record = (JsonObject) s;
            assertEquals(bad.toString(), record.getString("file"));
            assertTrue(record.getString("error").contains("bad record"), record.encode());
            offsets.add(record.getLong("offset"));
        }
        offsets.sort(null);
        assertEquals(List.of(9L, 30L, 54L), offsets);
        assertEquals(Map.of("good", "3", "one", "1", "two", "1", "three", "1"),
                Outputs.keyValues(Path.of(spec.getString("output"))));
        assertEquals(3L, job.getJsonObject("counters").getJsonObject("gristmill").getLong("SKIPPED_RECORDS"));
    }
}
