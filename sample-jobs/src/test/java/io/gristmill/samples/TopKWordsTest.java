package io.gristmill.samples;

import io.gristmill.api.testkit.JobTester;
import io.gristmill.api.testkit.PipelineTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopKWordsTest {
    private static final Path GUTENBERG = Path.of("..", "data", "gutenberg");

    @TempDir
    Path dir;

    @Test
    void whenRunOnRandomTextInSeveralFiles_thenOutputEqualsASequentialCountAndSort() throws Exception {
        Random random = new Random(5);
        List<String> words = List.of("apple", "Apple", "pear", "fig", "kiwi", "lime", "plum", "date", "élan", "über",
                "zebra", "yak", "x", "quince", "melon");
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            StringBuilder text = new StringBuilder();
            for (int line = 0; line < 400; line++) {
                for (int w = 0; w < 1 + random.nextInt(8); w++) {
                    // skewed: low indexes far more often, and ties are likely among the rare ones
                    text.append(words.get((int) Math.floor(Math.pow(random.nextDouble(), 3) * words.size())))
                            .append(random.nextBoolean() ? " " : ", ");
                }
                text.append('\n');
            }
            files.add(Files.writeString(dir.resolve("text-" + f + ".txt"), text.toString()));
        }
        PipelineTester tester = PipelineTester.of(new TopKWords(), Map.of("k", "7")).reducers(3);
        files.forEach(tester::inputFile);

        PipelineTester.Result result = tester.run();

        assertEquals(sequentialTopK(files, 7), result.lines());
        assertEquals(1, result.rounds("count"));
    }

    @Test
    void whenRunOnTheBundledTexts_thenTheTopTenEqualsASequentialCountAndSort() throws Exception {
        List<Path> files;
        try (var listed = Files.list(GUTENBERG)) {
            files = listed.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        PipelineTester tester = PipelineTester.of(new TopKWords(), Map.of()).reducers(2);
        files.forEach(tester::inputFile);

        assertEquals(sequentialTopK(files, 10), tester.run().lines());
    }

    @Test
    void whenCountsAreSpreadOverManyMapTasks_thenTopKKeepsOnlyKPerTaskAndStillFindsTheGlobalTop() throws Exception {
        JobTester tester = JobTester.of(new TopK(), Map.of("k", "2"))
                .inputLines("a\t5", "b\t9", "c\t1")
                .inputLines("d\t9", "e\t7", "f\t2", "not a count")
                .inputLines("g\t3");

        JobTester.Result result = tester.run();

        assertEquals(List.of("b\t9", "d\t9"), result.lines());
        assertEquals(1, result.counter("topk", "malformed"));
    }

    @Test
    void whenKIsNotAPositiveNumber_thenThePipelineIsRefusedByItsDefinition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TopKWords().define(Map.of("k", "zero")));
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TopKWords().define(Map.of("k", "0")));
    }

    /** Word count's definition of a word (maximal runs of letters), then count descending, word by code point. */
    static List<String> sequentialTopK(List<Path> files, int k) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            StringBuilder word = new StringBuilder();
            text.codePoints().forEach(cp -> {
                if (Character.isLetter(cp)) {
                    word.appendCodePoint(cp);
                } else if (word.length() > 0) {
                    counts.merge(word.toString(), 1L, Long::sum);
                    word.setLength(0);
                }
            });
            if (word.length() > 0) {
                counts.merge(word.toString(), 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> a.getValue().equals(b.getValue())
                ? TopK.compareCodePoints(a.getKey(), b.getKey()) : Long.compare(b.getValue(), a.getValue()));
        return sorted.stream().limit(k).map(e -> e.getKey() + "\t" + e.getValue()).toList();
    }
}
