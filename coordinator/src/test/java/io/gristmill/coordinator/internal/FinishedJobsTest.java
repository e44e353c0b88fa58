package io.gristmill.coordinator.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.gristmill.coordinator.internal.PlannedJobs.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which ended jobs keep their tasks ({@link FinishedJobs}): the newest, within a budget of tasks. */
class FinishedJobsTest {
    @Test
    void ended_jobs_keep_their_tasks_while_they_fit_the_budget_and_the_oldest_give_theirs_up_first() {
        FinishedJobs finished = new FinishedJobs(100);
        JobExecution first = job(40, 0);
        JobExecution second = job(30, 10);
        JobExecution third = job(50, 0);
        JobExecution fourth = job(5, 5);

        assertEquals(List.of(), finished.ended(first));
        assertEquals(List.of(), finished.ended(second)); // 80 tasks
        assertEquals(List.of(first), finished.ended(third)); // 130: the first gives up its 40
        assertEquals(List.of(), finished.ended(fourth)); // 100: exactly the budget
    }

    @Test
    void the_job_that_ended_last_keeps_its_tasks_even_alone_over_the_budget() {
        FinishedJobs finished = new FinishedJobs(10);
        JobExecution small = job(5, 0);
        JobExecution big = job(200, 20);
        JobExecution next = job(1, 0);

        assertEquals(List.of(), finished.ended(small));
        assertEquals(List.of(small), finished.ended(big));
        assertEquals(List.of(big), finished.ended(next));
    }

    @Test
    void a_budget_of_nothing_keeps_only_the_last_job_and_a_negative_one_is_refused() {
        FinishedJobs finished = new FinishedJobs(0);
        JobExecution one = job(1, 0);
        assertEquals(List.of(), finished.ended(one));
        assertEquals(List.of(one), finished.ended(job(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new FinishedJobs(-1));
    }
}
