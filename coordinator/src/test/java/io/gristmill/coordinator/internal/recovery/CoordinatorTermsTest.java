package io.gristmill.coordinator.internal.recovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoordinatorTermsTest {
    @TempDir
    Path state;

    @Test
    void terms_are_numbered_from_one_and_each_supersedes_the_one_before() throws Exception {
        CoordinatorTerms terms = new CoordinatorTerms(state);
        CoordinatorTerms.Term first = terms.claimNext("1@a", null, 10).orElseThrow();
        assertEquals(1, first.number());
        assertFalse(terms.isSuperseded(1));

        CoordinatorTerms.Term second = new CoordinatorTerms(state).claimNext("2@b", "http://b:8080", 20).orElseThrow();

        assertEquals(2, second.number());
        assertTrue(terms.isSuperseded(1), "the first coordinator sees that a newer term started");
        assertFalse(terms.isSuperseded(2));
        assertEquals(List.of(first, second), terms.all());
        assertEquals(Optional.of(second), terms.newest());
    }

    @Test
    void of_coordinators_racing_for_the_same_term_exactly_one_wins() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Optional<CoordinatorTerms.Term>>> claims = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    String process = i + "@host";
                    claims.add(pool.submit(() -> {
                        go.await();
                        return new CoordinatorTerms(state).claimNext(process, null, 0);
                    }));
                }
                go.countDown();
                List<CoordinatorTerms.Term> won = new ArrayList<>();
                for (Future<Optional<CoordinatorTerms.Term>> claim : claims) {
                    claim.get().ifPresent(won::add);
                }
                // every winner holds a term of its own: never two coordinators with one term
                assertEquals(won.size(), won.stream().map(CoordinatorTerms.Term::number).distinct().count(), won.toString());
                assertTrue(won.size() >= 1, "someone must win round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
        List<CoordinatorTerms.Term> all = new CoordinatorTerms(state).all();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).number(), "terms are consecutive");
        }
    }
}
