package io.gristmill.coordinator.internal.rules;

import io.gristmill.coordinator.internal.rules.Speculation.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeculationTest {
    private static final List<Long> FINISHED = List.of(10_000L, 11_000L, 12_000L); // median 11 s

    @Test
    void the_attempt_expected_to_finish_last_gets_the_backup() {
        long now = 100_000;
        Candidate<String> slowButNearlyDone = new Candidate<>("a", now - 20_000, 0.95);
        Candidate<String> crawling = new Candidate<>("b", now - 15_000, 0.10); // 150 s at this rate
        Candidate<String> onTime = new Candidate<>("c", now - 5_000, 0.50);

        assertEquals("b", Speculation.pick(List.of(slowButNearlyDone, crawling, onTime), FINISHED, now, 0, 10)
                .orElseThrow().attempt());
    }

    @Test
    void progress_rate_not_elapsed_time_decides() {
        long now = 100_000;
        // has run 2x the median, but at its rate it is done in 0.2 s, sooner than any backup could be
        Candidate<String> nearlyDone = new Candidate<>("a", now - 22_000, 0.99);
        assertEquals(Optional.empty(), Speculation.pick(List.of(nearlyDone), FINISHED, now, 0, 10).map(Candidate::attempt));
        // has run less than the median, but at 1% after 8 s it needs 792 s more
        Candidate<String> crawling = new Candidate<>("b", now - 8_000, 0.01);
        assertEquals("b", Speculation.pick(List.of(crawling), FINISHED, now, 0, 10).orElseThrow().attempt());
    }

    @Test
    void nothing_is_backed_up_at_a_peers_pace_or_before_a_peer_finished() {
        long now = 100_000;
        Candidate<String> onPace = new Candidate<>("a", now - 5_000, 0.45);
        assertEquals(Optional.empty(), Speculation.pick(List.of(onPace), FINISHED, now, 0, 10).map(Candidate::attempt));
        Candidate<String> noProgressYet = new Candidate<>("c", now - 5_000, 0.0); // younger than half the median
        assertEquals(Optional.empty(), Speculation.pick(List.of(noProgressYet), FINISHED, now, 0, 10).map(Candidate::attempt));
        Candidate<String> slow = new Candidate<>("b", now - 50_000, 0.10);
        assertEquals(Optional.empty(), Speculation.pick(List.of(slow), List.of(), now, 0, 10).map(Candidate::attempt));
    }

    @Test
    void at_most_a_tenth_of_the_slots_run_backups_and_always_at_least_one() {
        assertEquals(1, Speculation.maxBackups(3));
        assertEquals(2, Speculation.maxBackups(20));
        long now = 100_000;
        Candidate<String> slow = new Candidate<>("b", now - 50_000, 0.10);
        assertEquals(Optional.empty(), Speculation.pick(List.of(slow), FINISHED, now, 1, 3).map(Candidate::attempt));
        assertEquals("b", Speculation.pick(List.of(slow), FINISHED, now, 1, 20).orElseThrow().attempt());
    }

    @Test
    void one_look_backs_up_every_straggler_latest_first_up_to_the_cap() {
        long now = 100_000;
        Candidate<String> crawling = new Candidate<>("a", now - 15_000, 0.10); // 135 s left
        Candidate<String> onTime = new Candidate<>("b", now - 5_000, 0.50);
        Candidate<String> slow = new Candidate<>("c", now - 20_000, 0.40); // 30 s left
        Candidate<String> slowest = new Candidate<>("d", now - 30_000, 0.05); // 570 s left
        List<Candidate<String>> running = List.of(crawling, onTime, slow, slowest);
        long[] finished = {12_000, 10_000, 11_000};

        assertEquals(List.of("d", "a", "c"), Speculation.stragglers(running, finished.clone(), now, 0, 100).stream()
                .map(Candidate::attempt).toList());
        // 100 slots allow 10 backups: with 8 running, room for the two expected to finish last
        assertEquals(List.of("d", "a"), Speculation.stragglers(running, finished.clone(), now, 8, 100).stream()
                .map(Candidate::attempt).toList());
        assertEquals(List.of(), Speculation.stragglers(running, finished.clone(), now, 10, 100));
    }
}
