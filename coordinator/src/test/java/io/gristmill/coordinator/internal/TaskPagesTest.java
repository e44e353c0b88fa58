package io.gristmill.coordinator.internal;

import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.JobStatus.TaskStatus;
import io.gristmill.coordinator.Page;
import io.gristmill.coordinator.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gristmill.coordinator.internal.PlannedJobs.job;
import static io.gristmill.coordinator.internal.PlannedJobs.succeed;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pages of one job's tasks ({@link ListPages#tasks}): maps then reduces, filtered by kind and state. */
class TaskPagesTest {
    private static List<String> ids(Page<TaskStatus> page) {
        return page.items().stream().map(TaskStatus::taskId).toList();
    }

    @Test
    void an_unfiltered_page_runs_on_from_the_last_maps_into_the_first_reduces_and_counts_every_task() {
        JobExecution job = job(200_000, 5_000);

        Page<TaskStatus> page = ListPages.tasks(job, null, null, 199_998, 4);

        assertEquals(List.of("m-199998", "m-199999", "r-00000", "r-00001"), ids(page));
        assertEquals(205_000, page.total());
    }

    @Test
    void a_page_of_one_kind_counts_only_that_kind_and_a_page_past_the_end_is_empty() {
        JobExecution job = job(10, 5);

        Page<TaskStatus> reduces = ListPages.tasks(job, TaskType.REDUCE, null, 3, 100);
        Page<TaskStatus> past = ListPages.tasks(job, TaskType.MAP, null, 10, 100);

        assertEquals(List.of("r-00003", "r-00004"), ids(reduces));
        assertEquals(5, reduces.total());
        assertEquals(List.of(), ids(past));
        assertEquals(10, past.total());
    }

    @Test
    void a_page_of_one_state_holds_only_tasks_in_it_in_order_and_counts_them_all() {
        JobExecution job = job(10, 2);
        job.maps().get(2).newAttempt("w-1", 1, 1, 1);
        job.maps().get(7).newAttempt("w-1", 1, 2, 1);
        job.reduces().get(1).newAttempt("w-1", 1, 3, 1);
        succeed(job.maps().get(4));

        Page<TaskStatus> running = ListPages.tasks(job, null, TaskState.RUNNING, 1, 100);
        Page<TaskStatus> runningMaps = ListPages.tasks(job, TaskType.MAP, TaskState.RUNNING, 0, 1);
        Page<TaskStatus> pending = ListPages.tasks(job, null, TaskState.PENDING, 0, 100);

        assertEquals(List.of("m-00007", "r-00001"), ids(running));
        assertEquals(3, running.total());
        assertEquals(List.of("m-00002"), ids(runningMaps));
        assertEquals(2, runningMaps.total());
        assertEquals(12 - 4, pending.total());
        assertEquals(1, running.items().get(0).attempts().size(), "a task of the page comes with its attempts");
    }
}
