package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Jobs planned in memory for unit tests: no coordinator, no workers, every task PENDING. */
final class PlannedJobs {
    private PlannedJobs() {
    }

    /** A planned job of {@code maps} one-byte splits and {@code reducers} reduces. */
    static JobExecution job(int maps, int reducers) {
        try {
            JobSpec spec = JobSpec.builder(Path.of("job.jar")).input(List.of("in")).output("out").reducers(reducers)
                    .build();
            JobExecution job = new JobExecution("job", spec, "Job", "hash", List.of(), "secret", 0);
            List<InputSplit> splits = new ArrayList<>(maps);
            for (int m = 0; m < maps; m++) {
                splits.add(new InputSplit("in-" + m, 0, 1));
            }
            job.planned(Map.of(), job.newTasks(splits, reducers));
            return job;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one attempt of {@code task} on worker w-1 and takes it as the task's success. */
    static void succeed(TaskRecord task) {
        AttemptRecord attempt = task.newAttempt("w-1", 1, 1, 1);
        attempt.moveTo(AttemptState.SUCCEEDED, 2);
        task.succeeded(attempt);
    }
}
