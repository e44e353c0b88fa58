package io.gristmill.coordinator.internal.planning;

import io.gristmill.coordinator.internal.time.ManualTimer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanQueueTest {
    private static final PlanResult PLAN = new PlanResult(Map.of("k", "v"), false, 1, List.of());
    private final ManualTimer timer = new ManualTimer(0);
    private final ScriptedRunner runner = new ScriptedRunner();
    private final List<String> outcomes = new ArrayList<>();
    private final PlanQueue queue = new PlanQueue(runner, timer, Runnable::run, 2);

    private void submit(String jobId, Duration timeout) {
        queue.submit(jobId, new PlanRequest(Path.of(jobId + ".jar"), "Job", Map.of(), 1, List.of()), timeout,
                (result, failure) -> outcomes.add(jobId + ":" + (failure == null ? "planned" : failure.getMessage())));
    }

    @Test
    void at_most_the_limit_plan_at_once_and_the_others_start_in_order_as_places_free() {
        submit("a", Duration.ofMinutes(5));
        submit("b", Duration.ofMinutes(5));
        submit("c", Duration.ofMinutes(5));
        assertEquals(List.of("a.jar", "b.jar"), runner.startedJars());
        assertEquals(1, queue.waiting());

        runner.planning(0).result().complete(PLAN);

        assertEquals(List.of("a:planned"), outcomes);
        assertEquals(List.of("a.jar", "b.jar", "c.jar"), runner.startedJars());
    }

    @Test
    void a_planning_past_its_timeout_is_killed_and_fails_naming_the_timeout() {
        submit("a", Duration.ofSeconds(30));
        timer.advance(29_999);
        assertEquals(List.of(), outcomes);

        timer.advance(1);

        assertEquals(1, outcomes.size());
        assertTrue(outcomes.get(0).startsWith("a:planning took longer than planTimeout 30s"), outcomes.get(0));
        assertTrue(runner.planning(0).killedBecause().contains("planTimeout"), runner.planning(0).killedBecause());
        runner.planning(0).result().complete(PLAN); // the process's late answer changes nothing
        assertEquals(1, outcomes.size());
    }

    @Test
    void the_timeout_counts_from_the_start_not_from_the_submission() {
        submit("a", Duration.ofSeconds(10));
        submit("b", Duration.ofSeconds(10));
        submit("c", Duration.ofSeconds(10));
        timer.advance(8_000);
        runner.planning(0).result().complete(PLAN); // c starts at 8 s

        timer.advance(9_000); // 17 s: a's and b's limits have passed, c has run 9 s
        assertEquals(List.of("a:planned", "b:planning took longer than planTimeout 10s"),
                outcomes.stream().map(o -> o.replaceAll(" \\(.*", "")).toList());

        timer.advance(1_000);
        assertEquals(3, outcomes.size(), outcomes.toString());
    }

    @Test
    void a_zero_timeout_means_no_limit() {
        submit("a", Duration.ZERO);
        timer.advance(Duration.ofDays(2).toMillis());
        assertEquals(List.of(), outcomes);
        assertEquals(0, timer.scheduled());
    }

    @Test
    void a_cancelled_running_planning_is_killed_frees_its_place_and_reports_nothing() {
        submit("a", Duration.ofSeconds(30));
        submit("b", Duration.ofSeconds(30));
        submit("c", Duration.ofSeconds(30));

        queue.cancel("a");

        assertEquals("the job was cancelled", runner.planning(0).killedBecause());
        assertEquals(List.of("a.jar", "b.jar", "c.jar"), runner.startedJars());
        runner.planning(0).result().completeExceptionally(new PlanningFailedException("killed", null));
        timer.advance(60_000);
        assertTrue(outcomes.stream().noneMatch(o -> o.startsWith("a:")), outcomes.toString());
    }

    @Test
    void a_cancelled_waiting_planning_never_starts() {
        submit("a", Duration.ofSeconds(30));
        submit("b", Duration.ofSeconds(30));
        submit("c", Duration.ofSeconds(30));

        queue.cancel("c");
        runner.planning(0).result().complete(PLAN);

        assertEquals(List.of("a.jar", "b.jar"), runner.startedJars());
        assertEquals(0, queue.waiting());
    }

    @Test
    void a_failure_of_the_jobs_code_reaches_the_callback_with_its_message() {
        submit("a", Duration.ofSeconds(30));

        runner.planning(0).result().completeExceptionally(new PlanningFailedException("define() threw", "trace"));

        assertEquals(List.of("a:define() threw"), outcomes);
        assertEquals(0, timer.scheduled(), "the deadline is cancelled");
    }

    /** A runner whose plannings end when the test says so. */
    private static final class ScriptedRunner implements PlanRunner {
        private final List<ScriptedPlanning> started = new ArrayList<>();

        @Override
        public Planning start(PlanRequest request) {
            ScriptedPlanning planning = new ScriptedPlanning(request);
            started.add(planning);
            return planning;
        }

        ScriptedPlanning planning(int index) {
            return started.get(index);
        }

        List<String> startedJars() {
            return started.stream().map(p -> p.request.jar().toString()).toList();
        }

        @Override
        public void close() {
        }
    }

    private static final class ScriptedPlanning implements PlanRunner.Planning {
        final PlanRequest request;
        final CompletableFuture<PlanResult> result = new CompletableFuture<>();
        private String killedBecause;

        ScriptedPlanning(PlanRequest request) {
            this.request = request;
        }

        @Override
        public CompletableFuture<PlanResult> result() {
            return result;
        }

        @Override
        public void kill(String reason) {
            killedBecause = reason;
        }

        String killedBecause() {
            return killedBecause;
        }
    }
}
