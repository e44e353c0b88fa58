package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A job's counters: the sum over its tasks of their current successful attempt's counters. */
class JobCountersTest {
    private static final int MAPS = 50;

    @Test
    void reading_the_counters_of_a_job_does_not_go_over_its_tasks_again() throws Exception {
        JobExecution job = job(MAPS, 1);
        List<ReadCountingCounters> reported = new ArrayList<>();
        for (TaskRecord map : job.maps()) {
            ReadCountingCounters counters = new ReadCountingCounters(Map.of("gristmill", Map.of("RECORDS", 2L)));
            reported.add(counters);
            succeed(map, counters);
        }
        reported.forEach(ReadCountingCounters::reset);

        for (int read = 0; read < 10; read++) {
            assertEquals(Map.of("gristmill", Map.of("RECORDS", 2L * MAPS)), job.counters());
        }
        // the job's status is read 20 times a second by gristmill local and on every REST poll: with 100,000 tasks,
        // summing every task's counters at each read was most of the coordinator's work
        assertEquals(0, reported.stream().mapToInt(ReadCountingCounters::reads).sum(),
                "the counters of the tasks' attempts were read again for each read of the job's counters");
    }

    @Test
    void a_lost_map_output_no_longer_counts_and_its_rerun_counts_once() throws Exception {
        JobExecution job = job(2, 1);
        TaskRecord lost = job.maps().get(0);
        succeed(lost, Map.of("gristmill", Map.of("RECORDS", 3L), "only-lost", Map.of("X", 1L)));
        succeed(job.maps().get(1), Map.of("gristmill", Map.of("RECORDS", 4L)));

        lost.outputLost(10);
        assertEquals(Map.of("gristmill", Map.of("RECORDS", 4L)), job.counters(),
                "a counter only the lost attempt reported is gone, not 0");

        succeed(lost, Map.of("gristmill", Map.of("RECORDS", 3L)));
        assertEquals(Map.of("gristmill", Map.of("RECORDS", 7L)), job.counters());
    }

    @Test
    void counters_set_on_a_successful_attempt_replace_what_it_counted_before() throws Exception {
        JobExecution job = job(1, 0);
        AttemptRecord attempt = succeed(job.maps().get(0), Map.of("gristmill", Map.of("RECORDS", 3L)));

        attempt.counters(Map.of("gristmill", Map.of("RECORDS", 5L, "BYTES", 9L)));

        assertEquals(Map.of("gristmill", Map.of("RECORDS", 5L, "BYTES", 9L)), job.counters());
    }

    @Test
    void a_counter_reported_as_zero_is_listed() throws Exception {
        JobExecution job = job(2, 0);
        succeed(job.maps().get(0), Map.of("gristmill", Map.of("SKIPPED", 0L)));

        assertEquals(Map.of("gristmill", Map.of("SKIPPED", 0L)), job.counters());
    }

    private static AttemptRecord succeed(TaskRecord task, Map<String, Map<String, Long>> counters) {
        AttemptRecord attempt = task.newAttempt("w-1", 1, 1, 1);
        attempt.counters(counters);
        attempt.moveTo(AttemptState.SUCCEEDED, 2);
        task.succeeded(attempt);
        return attempt;
    }

    private static JobExecution job(int maps, int reducers) throws Exception {
        JobSpec spec = JobSpec.builder(Path.of("job.jar")).input(List.of("in")).output("out").reducers(reducers)
                .build();
        JobExecution job = new JobExecution("job", spec, "Job", "hash", List.of(), "secret", 0);
        List<InputSplit> splits = new ArrayList<>();
        for (int m = 0; m < maps; m++) {
            splits.add(new InputSplit("in-" + m, 0, 1));
        }
        job.planned(Map.of(), job.newTasks(splits, reducers));
        return job;
    }

    /** An attempt's counters that count how often their groups are gone over. */
    private static final class ReadCountingCounters extends HashMap<String, Map<String, Long>> {
        private int reads;

        ReadCountingCounters(Map<String, Map<String, Long>> counters) {
            super(counters);
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Map<String, Long>> action) {
            reads++;
            super.forEach(action);
        }

        @Override
        public java.util.Set<Entry<String, Map<String, Long>>> entrySet() {
            reads++;
            return super.entrySet();
        }

        int reads() {
            return reads;
        }

        void reset() {
            reads = 0;
        }
    }
}
