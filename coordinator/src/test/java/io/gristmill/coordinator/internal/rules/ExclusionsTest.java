package io.gristmill.coordinator.internal.rules;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExclusionsTest {
    private final Exclusions exclusions = new Exclusions();

    @Test
    void failures_of_two_different_tasks_of_a_job_exclude_the_worker_from_that_job_only() {
        exclusions.failed("job-1", "m-00001", "w-a", 0);
        exclusions.failed("job-1", "m-00001", "w-a", 10); // the same task again: still one task
        assertEquals(Optional.empty(), exclusions.reason("job-1", "w-a", 20));

        exclusions.failed("job-1", "m-00002", "w-a", 30);

        assertTrue(exclusions.reason("job-1", "w-a", 40).orElseThrow().contains("m-00001, m-00002"));
        assertEquals(Optional.empty(), exclusions.reason("job-2", "w-a", 40), "other jobs still use it");
        assertEquals(Optional.empty(), exclusions.reason("job-1", "w-b", 40), "other workers still run the job");
    }

    @Test
    void failures_of_three_jobs_within_ten_minutes_exclude_the_worker_for_ten_minutes() {
        long minute = 60_000;
        exclusions.failed("job-1", "m-00000", "w-a", 0);
        exclusions.failed("job-2", "m-00000", "w-a", 4 * minute);
        assertEquals(Optional.empty(), exclusions.globalReason("w-a", 5 * minute));

        exclusions.failed("job-3", "r-00000", "w-a", 9 * minute);

        assertTrue(exclusions.reason("job-4", "w-a", 9 * minute).isPresent());
        assertTrue(exclusions.globalReason("w-a", 19 * minute - 1).orElseThrow().contains("1 s more"));
        assertEquals(Optional.empty(), exclusions.globalReason("w-a", 19 * minute));
    }

    @Test
    void failures_of_three_jobs_spread_over_more_than_ten_minutes_exclude_nothing() {
        long minute = 60_000;
        exclusions.failed("job-1", "m-00000", "w-a", 0);
        exclusions.failed("job-2", "m-00000", "w-a", 6 * minute);
        exclusions.failed("job-3", "m-00000", "w-a", 10 * minute);
        assertEquals(Optional.empty(), exclusions.globalReason("w-a", 10 * minute));
    }
}
