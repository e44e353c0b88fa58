package io.gristmill.cli;

import io.gristmill.cli.pipelinejobs.ExitingPipeline;
import io.gristmill.cli.pipelinejobs.HalvingPipeline;
import io.gristmill.cli.pipelinejobs.Second;
import io.gristmill.cli.pipelinejobs.ShortPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelines on a real cluster (a coordinator and a worker, separate JVMs, real HTTP): steps run in order as jobs,
 * an iterated step stops when its counter condition holds, {@code submit --wait} follows a pipeline, killing a
 * pipeline kills its running step's job (also once a restarted coordinator has resumed it), and a failed step fails
 * the pipeline with that step's error.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the restart comes last: the others share the coordinator
class PipelineClusterTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;
    private static Path input;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start(dir, 1, 2);
        jar = TestJars.jarOf(dir, HalvingPipeline.class);
        input = Files.writeString(dir.resolve("words.txt"), "a a a a a a a a a b b b c\n"); // a=9, b=3, c=1
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    @Order(1)
    void whenAPipelineIsSubmittedWithWait_thenItsStepsRunInOrder_theIteratedStepStopsOnItsCondition_andOnlyTheOutputStays()
            throws Exception {
        Path output = dir.resolve("halved");
        String printed = runCli("submit", jar.toString(), "--job", HalvingPipeline.class.getName(), "--input",
                input.toString(), "--output", output.toString(), "--reducers", "2", "--wait", "--coordinator",
                cluster.url());
        String id = printed.lines().findFirst().orElseThrow();
        assertTrue(id.startsWith("pipeline-"), printed);

        JsonObject pipeline = cluster.rest().pipeline(id);
        assertEquals("SUCCEEDED", pipeline.getString("state"), pipeline.encode());
        JsonArray steps = pipeline.getJsonArray("steps");
        assertEquals(List.of("count", "halve", "second"), steps.stream().map(s -> ((JsonObject) s).getString("name")).toList());
        JsonObject halve = steps.getJsonObject(1);
        assertEquals(4, halve.getJsonArray("jobs").size(), "9 halves to 0 in 4 rounds: " + halve.encode());
        assertTrue(halve.getString("stopReason").contains("held after round 4"), halve.encode());
        for (Object step : steps) {
            for (Object job : ((JsonObject) step).getJsonArray("jobs")) {
                String jobId = ((JsonObject) job).getString("jobId");
                assertEquals("SUCCEEDED", cluster.rest().job(jobId).getString("state"), jobId);
            }
        }
        assertEquals(List.of("a\t0", "b\t0", "c\t0"), Outputs.lines(output).stream().sorted().toList());
        assertTrue(Files.exists(output.resolve("_SUCCESS")));
        assertFalse(Files.exists(output.resolve("_steps")), "intermediate outputs are removed");
        assertTrue(printed.contains("halve") && printed.contains("SUCCEEDED"), printed);
        assertTrue(runCli("pipelines", "--coordinator", cluster.url()).contains(id), "listed by the pipelines command");
        assertTrue(runCli("status", id, "--coordinator", cluster.url()).contains("halve"), "status shows the steps");
    }

    @Test
    void aPipelineDefinitionThatExitsTheJvm_failsItsPipeline_andTheCoordinatorKeepsRunning() throws Exception {
        String id = cluster.submit(jar, spec(ExitingPipeline.class, dir.resolve("exited"))).getString("id");

        JsonObject failed = awaitPipeline(id, p -> "FAILED".equals(p.getString("state")));

        assertTrue(failed.getString("error").startsWith("pipeline definition failed: "), failed.getString("error"));
        assertTrue(failed.getString("error").contains("exiting from define"), failed.getString("error"));
        assertTrue(failed.getJsonArray("steps").isEmpty(), failed.encode());
        assertFalse(Files.exists(dir.resolve("exited")));
        assertTrue(runCli("terms", "--coordinator", cluster.url()).contains("current term 1"),
                "the coordinator still answers (GET /api/v1/coordinator through the terms command)");
    }

    @Test
    void whenAPipelineIsKilled_thenItsRunningStepsJobIsKilled_andItsOutputRemoved() throws Exception {
        Path output = dir.resolve("killed");
        String id = cluster.submit(jar, spec(ShortPipeline.class, output).put("params",
                new JsonObject().put("sleepMillis", "120000"))).getString("id");
        JsonObject running = awaitPipeline(id, p -> stepJob(p, 1) != null
                && "RUNNING".equals(jobState(stepJob(p, 1))));
        String stepJob = stepJob(running, 1);

        cluster.rest().killPipeline(id);

        JsonObject killed = awaitPipeline(id, p -> "KILLED".equals(p.getString("state")));
        assertEquals("KILLED", cluster.rest().job(stepJob).getString("state"));
        assertEquals("KILLED", killed.getJsonArray("steps").getJsonObject(1).getString("state"), killed.encode());
        assertFalse(Files.exists(output), "a killed pipeline leaves no output");
    }

    @Test
    void whenAStepFails_thenThePipelineFailsWithThatStepsError() throws Exception {
        Path output = dir.resolve("failed");
        String id = cluster.submit(jar, spec(ShortPipeline.class, output).put("maxAttempts", 1)
                .put("params", new JsonObject().put("fail", "true"))).getString("id");

        JsonObject failed = awaitPipeline(id, p -> "FAILED".equals(p.getString("state")));

        assertEquals("second", failed.getString("errorStep"), failed.encode());
        assertTrue(failed.getString("error").startsWith("step second failed: "), failed.getString("error"));
        assertTrue(failed.getString("error").contains(Second.FAILURE), failed.getString("error"));
        JsonObject job = cluster.rest().job(failed.getString("errorJob"));
        assertEquals("FAILED", job.getString("state"));
        assertTrue(failed.getString("errorStackTrace").contains(Second.FAILURE), failed.encode());
        assertFalse(Files.exists(output), "a failed pipeline leaves no output");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterACoordinatorRestart_finishedPipelinesAreListedAsTheyEnded_andKillingTheResumedOneKillsItsResumedStepJob()
            throws Exception {
        Path output = dir.resolve("interrupted");
        String id = cluster.submit(jar, spec(ShortPipeline.class, output).put("params",
                new JsonObject().put("sleepMillis", "120000"))).getString("id");
        String stepJob = stepJob(awaitPipeline(id, p -> stepJob(p, 1) != null
                && "RUNNING".equals(jobState(stepJob(p, 1)))), 1);
        List<JsonObject> finished = cluster.rest().pipelines().stream().map(JsonObject.class::cast)
                .filter(p -> !p.getString("id").equals(id)).toList();
        assertFalse(finished.isEmpty(), "the tests before this one ran pipelines");

        cluster.restartCoordinator();

        for (JsonObject before : finished) {
            assertEquals(before, cluster.rest().pipeline(before.getString("id")), "kept as it ended");
        }
        JsonObject resumed = cluster.rest().pipeline(id);
        assertEquals("RUNNING", resumed.getString("state"), resumed.encode());
        assertEquals(stepJob, stepJob(resumed, 1), "its step goes on as the same job");
        cluster.rest().killPipeline(id);
        JsonObject killed = awaitPipeline(id, p -> "KILLED".equals(p.getString("state")));
        assertEquals("KILLED", cluster.rest().job(stepJob).getString("state"), killed.encode());
        assertFalse(Files.exists(output), "a killed pipeline leaves no output");
    }

    private static JsonObject spec(Class<?> pipeline, Path output) {
        return new JsonObject().put("jobClass", pipeline.getName())
                .put("input", new JsonArray().add(input.toString())).put("output", output.toString());
    }

    private static String stepJob(JsonObject pipeline, int step) {
        JsonArray jobs = pipeline.getJsonArray("steps").isEmpty() ? new JsonArray()
                : pipeline.getJsonArray("steps").getJsonObject(step).getJsonArray("jobs");
        return jobs.isEmpty() ? null : jobs.getJsonObject(jobs.size() - 1).getString("jobId");
    }

    private static String jobState(String jobId) {
        try {
            return cluster.rest().job(jobId).getString("state");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonObject awaitPipeline(String id, Predicate<JsonObject> until) throws Exception {
        JsonObject pipeline = ProcessCluster.poll(TIMEOUT, () -> cluster.rest().pipeline(id), until);
        if (!until.test(pipeline)) {
            throw new AssertionError("pipeline " + id + " did not get there in " + TIMEOUT + ": " + pipeline.encode());
        }
        return pipeline;
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
