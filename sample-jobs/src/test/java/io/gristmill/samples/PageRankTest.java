package io.gristmill.samples;

import io.gristmill.api.testkit.PipelineTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageRankTest {
    private static final Path BUNDLED = Path.of("..", "data", "pagerank", "edges.txt");

    @TempDir
    Path dir;

    @Test
    void whenRunOnTheBundledGraph_thenRanksAndRoundsEqualASequentialPageRank() throws Exception {
        List<String> edges = Files.readAllLines(BUNDLED);
        PipelineTester.Result result = PipelineTester.of(new PageRank(), Map.of()).reducers(2).inputFile(BUNDLED).run();

        Sequential expected = Sequential.run(edges, 0.85, 0.0001, 50);
        assertRanksEqual(expected.ranks, result.lines());
        assertEquals(expected.rounds, result.rounds("rank"));
        assertTrue(expected.rounds > 1 && expected.rounds < 50, "converges before maxRounds: " + expected.rounds);
    }

    @Test
    void whenARandomGraphIsSplitOverFiles_thenRanksEqualASequentialPageRank() throws Exception {
        Random random = new Random(3);
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            edges.add("n" + random.nextInt(60) + (random.nextBoolean() ? " " : "\t") + "n" + random.nextInt(80));
        }
        edges.add("# a comment");
        edges.add("");
        Path a = Files.write(dir.resolve("a.txt"), edges.subList(0, 200));
        Path b = Files.write(dir.resolve("b.txt"), edges.subList(200, edges.size()));

        PipelineTester.Result result = PipelineTester.of(new PageRank(), Map.of("epsilon", "0.00001", "damping", "0.8"))
                .reducers(3).inputFile(a).inputFile(b).run();

        Sequential expected = Sequential.run(edges, 0.8, 0.00001, 50);
        assertRanksEqual(expected.ranks, result.lines());
        assertEquals(expected.rounds, result.rounds("rank"));
    }

    @Test
    void whenMaxRoundsComesFirst_thenTheIterationStopsThere() throws Exception {
        PipelineTester.Result result = PipelineTester.of(new PageRank(), Map.of("maxRounds", "3", "epsilon", "0"))
                .inputFile(BUNDLED).run();

        assertEquals(3, result.rounds("rank"));
        assertRanksEqual(Sequential.run(Files.readAllLines(BUNDLED), 0.85, 0, 3).ranks, result.lines());
    }

    @Test
    void badParametersAreRefusedByTheDefinition() {
        assertThrows(IllegalArgumentException.class, () -> new PageRank().define(Map.of("damping", "2")));
        assertThrows(IllegalArgumentException.class, () -> new PageRank().define(Map.of("epsilon", "x")));
        assertThrows(IllegalArgumentException.class, () -> new PageRank().define(Map.of("maxRounds", "0")));
    }

    private static void assertRanksEqual(Map<String, Double> expected, List<String> lines) {
        Map<String, Double> actual = new TreeMap<>();
        for (String line : lines) {
            String[] fields = line.split("\t");
            actual.put(fields[0], Double.parseDouble(fields[1]));
        }
        assertEquals(expected.keySet(), actual.keySet());
        // the distributed sums add the same shares in another order: equal up to rounding
        expected.forEach((node, rank) -> assertEquals(rank, actual.get(node), 1e-9, node));
    }

    /** PageRank the plain way: every round over every node, until no rank moves by more than epsilon. */
    static final class Sequential {
        final Map<String, Double> ranks;
        final int rounds;

        private Sequential(Map<String, Double> ranks, int rounds) {
            this.ranks = ranks;
            this.rounds = rounds;
        }

        static Sequential run(List<String> edgeLines, double damping, double epsilon, int maxRounds) throws IOException {
            Map<String, TreeSet<String>> links = new TreeMap<>();
            for (String line : edgeLines) {
                String text = line.trim();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] parts = text.split("[ \t]+");
                links.computeIfAbsent(parts[0], n -> new TreeSet<>()).add(parts[1]);
                links.computeIfAbsent(parts[1], n -> new TreeSet<>());
            }
            Map<String, Double> ranks = new TreeMap<>();
            links.keySet().forEach(n -> ranks.put(n, 1.0));
            int round = 0;
            while (round < maxRounds) {
                round++;
                Map<String, Double> shares = new TreeMap<>();
                links.forEach((node, out) -> out.forEach(target ->
                        shares.merge(target, ranks.get(node) / out.size(), Double::sum)));
                int changed = 0;
                for (String node : links.keySet()) {
                    double rank = (1 - damping) + damping * shares.getOrDefault(node, 0.0);
                    changed += Math.abs(rank - ranks.get(node)) > epsilon ? 1 : 0;
                    ranks.put(node, rank);
                }
                if (changed == 0) {
                    break;
                }
            }
            return new Sequential(ranks, round);
        }
    }
}
