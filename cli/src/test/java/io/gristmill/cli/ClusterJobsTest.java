package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs on a coordinator and three worker processes (separate JVMs, real Hazelcast and HTTP on 127.0.0.1). Nothing
 * here kills a process, so the tests share one cluster.
 */
class ClusterJobsTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start(dir, 3, 1);
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static JsonObject spec(String output) throws Exception {
        return new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve(output).toString()).put("reducers", 3);
    }

    @Test
    void wordCountOnThreeWorkerProcesses_equalsSequentialCountAndIsFinalWhenReportedDone() throws Exception {
        String id = cluster.submit(jar, spec("wc").put("splitSize", "256k")).getString("id");
        JsonObject job = cluster.awaitEnd(id, JOB_TIMEOUT);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        Path output = dir.resolve("wc");
        assertTrue(Files.exists(output.resolve("_SUCCESS")), "_SUCCESS is written before SUCCEEDED is reported");
        assertFalse(Files.exists(output.resolve("_temporary")), "no temporary files once SUCCEEDED is reported");
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(output));
    }

    @Test
    void withoutFailures_eachTaskRunsOnceSlowTasksAreNotDeadAndWorkersRunTasksAtTheSameTime() throws Exception {
        long slow = ProcessCluster.HEARTBEAT_TIMEOUT.toMillis() + 1000;
        // speculation off: a backup of a slow-looking attempt would run a task twice, and that is what this checks
        JsonObject spec = spec("slow").put("speculation", false).put("params", new JsonObject().put("mapSleepMillis", Long.toString(slow))
                .put("reduceSleepMillis", "1500"));
        String id = cluster.submit(jar, spec).getString("id");
        JsonObject job = cluster.awaitEnd(id, JOB_TIMEOUT);

        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        JsonArray tasks = cluster.tasks(id);
        List<JsonObject> maps = new ArrayList<>();
        List<JsonObject> reduces = new ArrayList<>();
        for (Object t : tasks) {
            JsonObject task = (JsonObject) t;
            assertEquals(1, task.getJsonArray("attempts").size(), "task ran more than once: " + task.encode());
            (task.getString("type").equals("MAP") ? maps : reduces).add(task.getJsonArray("attempts").getJsonObject(0));
        }
        assertTrue(overlapOnDifferentWorkers(maps), "two maps ran at the same time on two workers");
        assertTrue(overlapOnDifferentWorkers(reduces), "two reducers ran at the same time on two workers");
    }

    @Test
    void whenMapperAlwaysThrows_thenJobFailsAndApiShowsTaskAttemptsAndException() throws Exception {
        JsonObject spec = spec("throws").put("maxAttempts", 2).put("params", new JsonObject().put("failOn", "Gregor"));
        String id = cluster.submit(jar, spec).getString("id");
        JsonObject job = cluster.awaitEnd(id, JOB_TIMEOUT);

        assertEquals("FAILED", job.getString("state"));
        String task = job.getString("errorTask");
        assertTrue(job.getString("error").contains("poisoned record at offset"), job.getString("error"));
        assertTrue(job.getString("errorStackTrace").contains("IllegalStateException"), job.getString("errorStackTrace"));
        JsonObject failing = null;
        for (Object t : cluster.tasks(id)) {
            if (((JsonObject) t).getString("taskId").equals(task)) {
                failing = (JsonObject) t;
            }
        }
        // at most maxAttempts; fewer when every worker got excluded from the job first (each failing two tasks)
        int attempts = failing.getJsonArray("attempts").size();
        assertTrue(attempts >= 1 && attempts <= 2, failing.encode());
        for (Object a : failing.getJsonArray("attempts")) {
            assertEquals("FAILED", ((JsonObject) a).getString("state"));
            assertTrue(((JsonObject) a).getString("error").contains("poisoned record"));
        }
        assertFalse(Files.exists(dir.resolve("throws")), "a failed job leaves no output folder");
    }

    @Test
    void submissionsThatCannotRun_areRejectedWith400NamingTheProblem() throws Exception {
        Path broken = Files.write(dir.resolve("broken.jar"), "not a jar".getBytes());
        Files.createDirectories(dir.resolve("exists"));

        RestClient.ApiError notJar = assertThrows(RestClient.ApiError.class, () -> cluster.submit(broken, spec("a")));
        RestClient.ApiError noClass = assertThrows(RestClient.ApiError.class,
                () -> cluster.submit(jar, spec("b").put("jobClass", "com.example.Missing")));
        RestClient.ApiError exists = assertThrows(RestClient.ApiError.class, () -> cluster.submit(jar, spec("exists")));

        assertTrue(notJar.getMessage().contains("field: jar"), notJar.getMessage());
        assertTrue(noClass.getMessage().contains("com.example.Missing") && noClass.getMessage().contains("field: jobClass"),
                noClass.getMessage());
        assertTrue(exists.getMessage().contains("already exists") && exists.getMessage().contains("field: output"),
                exists.getMessage());
    }

    @Test
    void submitCommandWithWait_exitsZeroOnSuccessAndNonZeroWithTheTasksErrorOnFailure() throws Exception {
        String[] common = {"--coordinator", cluster.baseUrl(), "--input", BundledJobs.sampleInput().toString(), "--wait"};
        java.util.List<String> ok = new java.util.ArrayList<>(java.util.List.of("submit", jar.toString(),
                "--output", dir.resolve("cli-ok").toString()));
        ok.addAll(java.util.List.of(common));
        java.util.List<String> bad = new java.util.ArrayList<>(java.util.List.of("submit", jar.toString(),
                "--output", dir.resolve("cli-bad").toString(), "--param", "failOn=Gregor", "--max-attempts", "1"));
        bad.addAll(java.util.List.of(common));

        assertEquals(0, Gristmill.execute(ok.toArray(String[]::new)));
        assertTrue(Files.exists(dir.resolve("cli-ok").resolve("_SUCCESS")));
        assertEquals(1, Gristmill.execute(bad.toArray(String[]::new)));
        assertFalse(Files.exists(dir.resolve("cli-bad")));
    }

    private static boolean overlapOnDifferentWorkers(List<JsonObject> attempts) {
        for (JsonObject a : attempts) {
            for (JsonObject b : attempts) {
                boolean overlap = a.getLong("startedAt") < b.getLong("finishedAt") && b.getLong("startedAt") < a.getLong("finishedAt");
                if (a != b && overlap && !a.getString("workerId").equals(b.getString("workerId"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
