package io.gristmill.cli;

import io.gristmill.cli.planjobs.ExitInConstructor;
import io.gristmill.cli.planjobs.LoopInConstructor;
import io.gristmill.cli.planjobs.MisbehavingDefinition;
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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's own code (its constructor, {@code plan} and {@code define}) never runs in the coordinator's process: a
 * job that exits the JVM, loops or throws there fails only itself, with an error saying what it did, and the
 * coordinator (a real process) keeps serving.
 */
@Timeout(180)
class UserCodeOutsideCoordinatorTest {
    private static final Duration END = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;
    private static Path input;

    @BeforeAll
    static void startCoordinator() throws Exception {
        cluster = new ProcessCluster(dir).startCoordinator();
        jar = TestJars.jarOf(dir, MisbehavingDefinition.class);
        input = Files.writeString(dir.resolve("input.txt"), "one line\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static JsonObject spec(Class<?> jobClass, String misbehave) {
        return new JsonObject().put("jobClass", jobClass.getName())
                .put("input", new JsonArray().add(input.toString()))
                .put("output", dir.resolve("out-" + UUID.randomUUID()).toString())
                .put("params", new JsonObject().put("misbehave", misbehave));
    }

    private static JsonObject runToEnd(JsonObject spec) throws Exception {
        String id = cluster.submit(jar, spec).getString("id");
        return cluster.awaitEnd(id, END);
    }

    private static void assertCoordinatorServes() throws Exception {
        assertTrue(cluster.coordinator().isAlive(), "the coordinator process is alive\n" + cluster.logTails());
        assertEquals(0, cluster.rest().workers().size(), "the coordinator answers its API");
    }

    @Test
    void a_constructor_that_exits_the_jvm_fails_its_job_and_the_coordinator_keeps_running() throws Exception {
        JsonObject job = runToEnd(spec(ExitInConstructor.class, ""));

        assertEquals("FAILED", job.getString("state"), job.encode());
        assertTrue(job.getString("error").contains("System.exit"), job.getString("error"));
        assertTrue(job.getString("error").contains("exiting from the constructor"), "the job's output is quoted: "
                + job.getString("error"));
        assertCoordinatorServes();
    }

    @Test
    void a_define_that_exits_the_jvm_fails_its_job_and_the_coordinator_keeps_running() throws Exception {
        JsonObject job = runToEnd(spec(MisbehavingDefinition.class, "exit-define"));

        assertEquals("FAILED", job.getString("state"), job.encode());
        assertTrue(job.getString("error").startsWith("planning failed"), job.getString("error"));
        assertCoordinatorServes();
    }

    @Test
    void a_plan_hook_that_throws_fails_its_job_with_the_hooks_error() throws Exception {
        JsonObject job = runToEnd(spec(MisbehavingDefinition.class, "throw-plan"));

        assertEquals("FAILED", job.getString("state"), job.encode());
        assertTrue(job.getString("error").contains("plan() refuses: no boundaries for 1 files"), job.getString("error"));
        assertCoordinatorServes();
    }

    @Test
    void a_constructor_that_never_returns_fails_its_job_at_the_plan_timeout() throws Exception {
        JsonObject job = runToEnd(spec(LoopInConstructor.class, "").put("planTimeout", "2s"));

        assertEquals("FAILED", job.getString("state"), job.encode());
        assertTrue(job.getString("error").contains("planTimeout 2s"), job.getString("error"));
        assertNoPlanningProcessLeftBut(1);
        assertCoordinatorServes();
    }

    @Test
    void killing_a_job_whose_define_never_returns_stops_its_planning_process() throws Exception {
        String id = cluster.submit(jar, spec(MisbehavingDefinition.class, "loop-define")).getString("id");
        ProcessCluster.await("two planning processes (the looping one and the spare)",
                () -> planningProcesses() == 2);
        assertEquals("PLANNING", cluster.rest().job(id).getString("state"));

        cluster.rest().kill(id);

        JsonObject job = cluster.awaitEnd(id, END);
        assertEquals("KILLED", job.getString("state"), job.encode());
        assertNoPlanningProcessLeftBut(1);
        assertFalse(Files.exists(Path.of(job.getString("output", dir.resolve("none").toString()))
                .resolve("_SUCCESS")));
        assertCoordinatorServes();
    }

    /** Waits until at most {@code spares} planning processes (the spare kept ready) remain. */
    private static void assertNoPlanningProcessLeftBut(int spares) throws Exception {
        ProcessCluster.await("at most " + spares + " planning process(es)", () -> planningProcesses() <= spares);
    }

    private static long planningProcesses() {
        return cluster.coordinator().toHandle().children()
                .filter(p -> p.info().commandLine().orElse("").contains("-Dgristmill.role=planner")).count(); // the command line is cut after some 4 KiB: the flag comes before the class path
    }
}
