package io.gristmill.cli;

import io.gristmill.cli.testjobs.ExitingMapOnly;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker process that exits because job code called {@code System.exit}: it leaves the cluster at once, so the
 * coordinator declares it dead when its member leaves, well before the heartbeat timeout.
 */
class WorkerExitTest {
    /** The fast path's bound: the heartbeat timeout (5 s in these clusters) would be later. */
    private static final Duration DEAD_WITHIN = Duration.ofSeconds(3);

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
    void whenAMapperCallsSystemExitOnABusyWorker_thenTheCoordinatorSeesTheWorkerDeadWithinThreeSeconds() throws Exception {
        cluster = ProcessCluster.start(dir, 1, 3);
        Process worker = cluster.worker(cluster.rest().workers().getJsonObject(0).getString("id"));
        String workerId = cluster.workerId(worker);
        Path input = Files.writeString(dir.resolve("lines.txt"), "spin\nspin\nexit\n");
        Path stamp = dir.resolve("exit-stamp");
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(input.toString()))
                .put("output", dir.resolve("out").toString()).put("splitSize", "5")
                .put("params", new JsonObject().put("exitStamp", stamp.toString()).put("exitAfterMillis", "1500")
                        .put("spinMillis", "60000"));
        cluster.submit(TestJars.jarOf(dir, ExitingMapOnly.class), spec);

        ProcessCluster.await("the mapper's exit", () -> Files.exists(stamp) && !Files.readString(stamp).isEmpty());
        long exitAt = Long.parseLong(Files.readString(stamp).trim());
        JsonObject dead = ProcessCluster.poll(Duration.ofSeconds(20), () -> status(workerId),
                w -> w != null && !w.getBoolean("alive"));
        long seenDeadAt = System.currentTimeMillis();

        assertNotNull(dead, "the coordinator lists the worker");
        assertFalse(dead.getBoolean("alive"), "the worker is dead: " + dead.encode() + "\n" + cluster.logTails());
        long after = seenDeadAt - exitAt;
        assertTrue(after <= DEAD_WITHIN.toMillis(), "dead " + after + " ms after the exit (" + dead.getString("deathReason")
                + "), not within " + DEAD_WITHIN + "\n" + cluster.logTails());
        assertTrue(dead.getString("deathReason").contains("left the cluster"), dead.encode());
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker process exited");
    }

    private JsonObject status(String workerId) throws Exception {
        for (Object w : cluster.rest().workers()) {
            if (((JsonObject) w).getString("id").equals(workerId)) {
                return (JsonObject) w;
            }
        }
        return null;
    }
}
