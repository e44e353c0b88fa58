package io.gristmill.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's pipeline commands, run as written ({@code gristmill local --job topk|pagerank --output -}, in this
 * process): their output equals a plain sequential computation over the bundled data.
 */
class LocalPipelinesTest {

    @Test
    void localTopK_printsTheKMostFrequentWordsOfTheBundledTexts() throws Exception {
        Captured run = runInProcess("local", "--job", "topk", "--param", "k=5", "--output", "-", "--workers", "2",
                "--console-port", "0");

        assertEquals(0, run.code(), run.err());
        List<Map.Entry<String, String>> counts = new ArrayList<>(
                Outputs.sequentialWordCount(Outputs.gutenbergFiles()).entrySet());
        counts.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Long.compare(Long.parseLong(b.getValue()), Long.parseLong(a.getValue())));
        List<String> expected = counts.stream().limit(5).map(e -> e.getKey() + "\t" + e.getValue()).toList();
        assertEquals(expected, run.out().lines().toList());
        assertTrue(run.err().contains("step top"), run.err());
    }

    @Test
    void localPageRank_printsTheRanksOfASequentialPageRankOverTheBundledGraph() throws Exception {
        Captured run = runInProcess("local", "--job", "pagerank", "--output", "-", "--workers", "2",
                "--console-port", "0");

        assertEquals(0, run.code(), run.err());
        Map<String, Double> expected = sequentialPageRank(
                Files.readAllLines(BundledJobs.sampleInput("pagerank").resolve("edges.txt")), 0.85, 0.0001, 50);
        Map<String, Double> actual = new TreeMap<>();
        run.out().lines().forEach(line -> actual.put(line.split("\t")[0], Double.parseDouble(line.split("\t")[1])));
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((node, rank) -> assertEquals(rank, actual.get(node), 1e-9, node));
        assertTrue(run.err().contains("condition pagerank/changed <= 0 held after round"), run.err());
    }

    /** rank(n) = (1 - d) + d * sum of rank(m) / outDegree(m) over m linking to n, from 1, until no rank moves > epsilon. */
    static Map<String, Double> sequentialPageRank(List<String> lines, double d, double epsilon, int maxRounds) {
        Map<String, TreeSet<String>> links = new TreeMap<>();
        for (String line : lines) {
            String text = line.trim();
            if (!text.isEmpty() && !text.startsWith("#")) {
                String[] parts = text.split("[ \t]+");
                links.computeIfAbsent(parts[0], n -> new TreeSet<>()).add(parts[1]);
                links.computeIfAbsent(parts[1], n -> new TreeSet<>());
            }
        }
        Map<String, Double> ranks = new TreeMap<>();
        links.keySet().forEach(n -> ranks.put(n, 1.0));
        for (int round = 1; round <= maxRounds; round++) {
            Map<String, Double> shares = new TreeMap<>();
            links.forEach((node, out) -> out.forEach(t -> shares.merge(t, ranks.get(node) / out.size(), Double::sum)));
            int changed = 0;
            for (String node : links.keySet()) {
                double rank = (1 - d) + d * shares.getOrDefault(node, 0.0);
                changed += Math.abs(rank - ranks.get(node)) > epsilon ? 1 : 0;
                ranks.put(node, rank);
            }
            if (changed == 0) {
                break;
            }
        }
        return ranks;
    }

    private record Captured(int code, String out, String err) {
    }

    private static Captured runInProcess(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Gristmill.execute(args);
            return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
