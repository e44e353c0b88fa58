package io.gristmill.coordinator.internal;

import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.TaskState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.gristmill.coordinator.internal.PlannedJobs.job;
import static io.gristmill.coordinator.internal.PlannedJobs.succeed;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A job's task counts and progress in its status, which the job keeps as its attempts start and end rather than
 * going over every task at each read.
 */
class JobProgressTest {
    @Test
    void progress_counts_a_success_as_one_and_a_running_task_as_its_best_live_attempt() {
        JobExecution job = job(4, 2);
        succeed(job.maps().get(0));
        job.maps().get(1).newAttempt("w-1", 1, 1, 1).progress(0.5);
        AttemptRecord straggler = job.maps().get(2).newAttempt("w-1", 1, 2, 1);
        straggler.progress(0.2);
        AttemptRecord backup = job.maps().get(2).newAttempt("w-2", 1, 3, 1);
        backup.progress(0.6);

        JobStatus status = Views.job(job, Map.of());

        assertEquals(new JobStatus.TaskCounts(4, 1, 2, 1, 0, 0, (1 + 0.5 + 0.6) / 4), status.maps());
        assertEquals(new JobStatus.TaskCounts(2, 2, 0, 0, 0, 0, 0.0), status.reduces());
    }

    @Test
    void an_attempt_that_ended_no_longer_counts_and_a_lost_output_takes_its_success_away() {
        JobExecution job = job(2, 1);
        AttemptRecord killed = job.maps().get(0).newAttempt("w-1", 1, 1, 1);
        killed.progress(0.7);
        killed.kill("preempted", 2);
        job.maps().get(0).moveTo(TaskState.PENDING);
        succeed(job.maps().get(1));
        assertEquals(0.5, job.progress(TaskType.MAP));

        job.maps().get(1).outputLost(3);

        assertEquals(0.0, job.progress(TaskType.MAP));
        assertEquals(2, job.tasksIn(TaskType.MAP, TaskState.PENDING));
    }

    @Test
    void a_backup_as_far_along_as_its_original_counts_once() {
        JobExecution job = job(2, 0);
        job.maps().get(0).newAttempt("w-1", 1, 1, 1).progress(0.4);
        job.maps().get(0).newAttempt("w-2", 1, 2, 1).progress(0.4);

        assertEquals(0.4 / 2, job.progress(TaskType.MAP));
    }

    @Test
    void a_phase_without_tasks_is_complete() {
        assertEquals(1.0, job(3, 0).progress(TaskType.REDUCE));
    }
}
