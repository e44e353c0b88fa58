package io.gristmill.cli;

import io.gristmill.cli.pipelinejobs.HalvingPipeline;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelines survive the coordinator (issue 17): a pipeline whose coordinator is killed with SIGKILL while a step runs
 * goes on under the next coordinator term — a restarted coordinator on the same state dir, or a standby that takes
 * over — without running finished steps or rounds again; its running step's job is resumed under the same id, and
 * {@code submit --wait} keeps following the pipeline. One cluster (a coordinator and two workers, separate JVMs)
 * serves both cases: the restart first, then the takeover by a standby started for it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineResumeTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;
    private static Path input;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start(dir, 2, 2);
        jar = TestJars.jarOf(dir, HalvingPipeline.class);
        input = Files.writeString(dir.resolve("words.txt"), "a a a a a a a a a b b b c\n"); // a=9, b=3, c=1
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    @Order(1)
    void aPipelineKilledInARound_resumesOnTheRestartedCoordinator_withoutRunningFinishedStepsOrRoundsAgain()
            throws Exception {
        Path output = dir.resolve("restarted");
        JsonObject spec = new JsonObject().put("jobClass", HalvingPipeline.class.getName())
                .put("input", new JsonArray().add(input.toString())).put("output", output.toString())
                .put("reducers", 2).put("params", new JsonObject().put("slowRound", "2").put("slowMillis", "4000"));
        String id = cluster.submit(jar, spec).getString("id");
        JsonObject before = awaitPipeline(id, p -> stepJobs(p, "halve").size() == 2
                && "RUNNING".equals(jobState(stepJobs(p, "halve").get(1))));

        cluster.restartCoordinator();

        JsonObject after = awaitPipeline(id, p -> List.of("SUCCEEDED", "FAILED", "KILLED").contains(p.getString("state")));
        assertEquals("SUCCEEDED", after.getString("state"), after.encode());
        assertEquals(stepJobs(before, "count"), stepJobs(after, "count"), "the finished step did not run again");
        List<String> rounds = stepJobs(after, "halve");
        assertEquals(stepJobs(before, "halve"), rounds.subList(0, 2),
                "round 1 did not run again, round 2 went on as the same job: " + after.encode());
        assertEquals(4, rounds.size(), "9 halves to 0 in 4 rounds: " + after.encode());
        assertTrue(step(after, "halve").getString("stopReason").contains("held after round 4"), after.encode());
        assertEquals(List.of("a\t0", "b\t0", "c\t0"), Outputs.lines(output).stream().sorted().toList());
        assertFalse(Files.exists(output.resolve("_steps")), "intermediate outputs are removed at the end");

        String resumedRound = rounds.get(1);
        assertEquals(new JsonObject().put("id", id).put("step", "halve").put("round", 2),
                cluster.rest().job(resumedRound).getJsonObject("pipeline"), "a step's job links back to its pipeline");
        assertTrue(runCli("status", resumedRound, "--coordinator", cluster.url())
                .contains("pipeline " + id + " step halve round 2"), "status names the job's pipeline");
    }

    @Test
    @Order(2)
    void withAStandby_submitWaitFollowsThePipelineAcrossTheTakeover_andTheRunningStepResumes() throws Exception {
        Process standby = cluster.startStandby();
        String standbyUrl = cluster.standbyUrl(standby);
        Path output = dir.resolve("taken-over");
        CompletableFuture<String> waited = CompletableFuture.supplyAsync(() -> runCli("submit", jar.toString(),
                "--job", ShortPipeline.class.getName(), "--input", input.toString(), "--output", output.toString(),
                "--param", "sleepMillis=3000", "--wait", "--coordinator", cluster.url() + "," + standbyUrl));
        JsonObject pipelines = ProcessCluster.poll(TIMEOUT, () -> cluster.rest().pipelines().stream()
                .map(JsonObject.class::cast).filter(p -> p.getString("output").equals(output.toString()))
                .findFirst().orElse(null), p -> p != null);
        String id = pipelines.getString("id");
        JsonObject before = awaitPipeline(id, p -> stepJobs(p, "second").size() == 1
                && "RUNNING".equals(jobState(stepJobs(p, "second").get(0))));

        ProcessCluster.kill9(cluster.coordinator());
        ProcessCluster.await("the standby taking over", () -> isActive(standbyUrl));
        cluster.useCoordinator(standby, standbyUrl);

        String printed = waited.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(printed.startsWith(id + "\n") && printed.contains("SUCCEEDED"), printed);
        JsonObject after = cluster.rest().pipeline(id);
        assertEquals("SUCCEEDED", after.getString("state"), after.encode());
        assertEquals(stepJobs(before, "count"), stepJobs(after, "count"), "the finished step did not run again");
        assertEquals(stepJobs(before, "second"), stepJobs(after, "second"), "the running step's job was resumed");
        assertEquals(List.of("a\t9", "b\t3", "c\t1"), Outputs.lines(output).stream().sorted().toList());
    }

    private static JsonObject step(JsonObject pipeline, String name) {
        return pipeline.getJsonArray("steps").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("name").equals(name)).findFirst().orElse(new JsonObject().put("jobs", new JsonArray()));
    }

    private static List<String> stepJobs(JsonObject pipeline, String name) {
        return step(pipeline, name).getJsonArray("jobs").stream().map(j -> ((JsonObject) j).getString("jobId")).toList();
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
            throw new AssertionError("pipeline " + id + " did not get there in " + TIMEOUT + ": " + pipeline.encode()
                    + "\n" + cluster.logTails());
        }
        return pipeline;
    }

    private static boolean isActive(String url) {
        try {
            new RestClient(url, null).jobs();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Runs the CLI in this JVM and returns what it printed; stdout is shared, so one command at a time prints. */
    private static String runCli(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
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
