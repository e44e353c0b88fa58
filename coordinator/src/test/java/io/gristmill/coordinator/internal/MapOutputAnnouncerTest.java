package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputsChanged;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.internal.time.ManualTimer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapOutputAnnouncerTest {
    private final ManualTimer timer = new ManualTimer(0);
    private final List<MapOutputsChanged> sent = new ArrayList<>();
    private final MapOutputAnnouncer announcer = new MapOutputAnnouncer(timer, (reducer, changed) -> sent.add(changed),
            reducer -> new AttemptRef("job", reducer.task().taskId(), reducer.attemptId(), "T1-x"));

    @Test
    void the_changes_of_a_batch_reach_each_running_reducer_in_one_message() throws Exception {
        JobExecution job = jobWithRunningReducers(3);

        for (int m = 0; m < 50; m++) {
            announcer.ready(job, location("m-" + m, "m-" + m + "-1"));
        }
        announcer.obsolete(job, "m-7-1");
        assertTrue(sent.isEmpty(), "nothing is sent before the batch time has passed");

        timer.advance(MapOutputAnnouncer.BATCH_MILLIS);

        assertEquals(3, sent.size(), "one message per running reducer, not one per map output: " + sent.size());
        for (MapOutputsChanged changed : sent) {
            assertEquals(50, changed.ready().size());
            assertEquals(List.of("m-7-1"), changed.obsoleteAttempts());
        }
        assertEquals(List.of("r-00000-1", "r-00001-1", "r-00002-1"), sent.stream().map(c -> c.reducer().attemptId()).toList());

        sent.clear();
        timer.advance(10 * MapOutputAnnouncer.BATCH_MILLIS);
        assertTrue(sent.isEmpty(), "nothing new, nothing sent");
    }

    private static JobExecution jobWithRunningReducers(int reducers) throws Exception {
        JobSpec spec = JobSpec.builder(Path.of("job.jar")).input(List.of("in")).output("out").reducers(reducers).build();
        JobExecution job = new JobExecution("job", spec, "Job", "hash", List.of(), "secret", 0);
        job.planned(java.util.Map.of(), job.newTasks(List.of(new InputSplit("in", 0, 1)), reducers));
        for (TaskRecord reduce : job.reduces()) {
            reduce.newAttempt("w-1", 0, 1, 1);
        }
        return job;
    }

    private static MapOutputLocation location(String task, String attempt) {
        return new MapOutputLocation(task, attempt, "w-1", "127.0.0.1", 1, "data", "index");
    }
}
