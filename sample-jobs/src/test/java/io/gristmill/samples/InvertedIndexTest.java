package io.gristmill.samples;

import io.gristmill.api.Text;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.gristmill.samples.TestTask.collector;
import static io.gristmill.samples.TestTask.offset;
import static io.gristmill.samples.TestTask.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

class InvertedIndexTest {

    private static Text set(String... documents) {
        return text(String.join("\0", documents));
    }

    private static List<String> reduce(String word, List<Text> sets) throws IOException {
        List<String> out = new ArrayList<>();
        new InvertedIndex.DocumentListReducer().reduce(text(word), sets, collector(out));
        return out;
    }

    @Test
    void whenALineIsMapped_thenEachWordIsEmittedWithTheFileName() throws Exception {
        InvertedIndex.DocumentMapper mapper = new InvertedIndex.DocumentMapper();
        mapper.setup(TestTask.context(Map.of(), "/data/books/moby.txt"));
        List<String> out = new ArrayList<>();
        mapper.map(offset(0), text("Call me Ishmael."), collector(out));
        assertEquals(List.of("Call\tmoby.txt", "me\tmoby.txt", "Ishmael\tmoby.txt"), out);
    }

    @Test
    void whenSetsAreMerged_thenTheResultIsTheSortedUnion() {
        assertEquals(set("a", "b", "c", "d"), InvertedIndex.union(set("b", "d"), set("a", "b", "c")));
        assertEquals(set("x"), InvertedIndex.union(set("x"), set("x")));
    }

    @Test
    void whenTheCombinerRunsOnAnySubsets_thenTheReducerOutputIsTheSame() throws IOException {
        Random random = new Random(3);
        String[] docs = {"b.txt", "a.txt", "é.txt", "c.txt", "aa.txt"};
        List<Text> singles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            singles.add(set(docs[random.nextInt(docs.length)]));
        }
        List<String> expected = reduce("w", singles);
        for (int round = 0; round < 50; round++) {
            assertEquals(expected, reduce("w", randomlyCombined(random, singles)));
        }
    }

    private static List<Text> randomlyCombined(Random random, List<Text> singles) {
        List<Text> values = new ArrayList<>();
        for (Text single : singles) {
            values.add(single.copy());
        }
        Collections.shuffle(values, random);
        for (int merges = random.nextInt(values.size()); merges > 0; merges--) {
            Text merged = InvertedIndex.union(values.remove(values.size() - 1), values.remove(0));
            values.add(random.nextInt(values.size() + 1), merged);
        }
        return values;
    }

    @Test
    void whenReduced_thenDocumentsAreSortedDistinctAndCommaSeparated() throws IOException {
        List<String> out = reduce("whale", List.of(set("moby.txt"), set("b.txt", "moby.txt"), set("a.txt")));
        assertEquals(List.of("whale\ta.txt,b.txt,moby.txt"), out);
    }
}
