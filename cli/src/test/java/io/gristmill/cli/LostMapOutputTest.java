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

/**
 * Three 1-slot workers, five maps, six reducers holding their slots: once the reducers run, the worker holding
 * finished map outputs is killed with SIGKILL. Its maps must run again, which needs reducers preempted — and a
 * preempted reducer's slot is free only once its thread has stopped. The job used to hang (a map PENDING for ever)
 * or, with maxAttempts 1, fail on "no free slot"; it must succeed with the exact output.
 */
@Timeout(300)
class LostMapOutputTest {
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
    void maps_lost_with_their_worker_run_again_in_slots_freed_by_preempted_reducers() throws Exception {
        cluster = ProcessCluster.start(dir, 3, 1);
        List<Path> inputs = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            inputs.add(Files.writeString(dir.resolve("in-" + f + ".txt"), ("map" + (char) ('a' + f) + " common words\n").repeat(50)));
        }
        JsonArray input = new JsonArray();
        inputs.forEach(p -> input.add(p.toString()));
        Path output = dir.resolve("out");
        JsonObject spec = new JsonObject().put("input", input).put("output", output.toString()).put("reducers", 6)
                .put("maxAttempts", 1).put("speculation", false)
                .put("params", new JsonObject().put("reduceSleepMillis", "4000"));
        String id = cluster.submit(TestJars.jarOf(dir, LifecycleWordCount.class), spec).getString("id");
        cluster.awaitJob(id, job -> job.getJsonObject("reduces").getInteger("running") >= 2, Duration.ofSeconds(90));

        String holder = mapOutputHolder(id);
        ProcessCluster.kill9(cluster.worker(holder));

        JsonObject job = cluster.awaitEnd(id, Duration.ofSeconds(150));
        assertEquals("SUCCEEDED", job.getString("state"), job.encode() + "\n" + cluster.tasks(id).encode());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(inputs), Outputs.keyValues(output));
    }

    /** A worker that holds a finished map output of the job. */
    private String mapOutputHolder(String jobId) throws Exception {
        for (Object t : cluster.tasks(jobId)) {
            JsonObject task = (JsonObject) t;
            if (task.getString("type").equals("MAP") && task.getString("state").equals("SUCCEEDED")) {
                for (Object a : task.getJsonArray("attempts")) {
                    JsonObject attempt = (JsonObject) a;
                    if (attempt.getString("state").equals("SUCCEEDED")) {
                        return attempt.getString("workerId");
                    }
                }
            }
        }
        throw new AssertionError("no finished map output in " + cluster.tasks(jobId).encode());
    }
}
