package io.gristmill.samples;

import io.gristmill.api.Partitioner;
import io.gristmill.api.Text;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.gristmill.samples.TestTask.offset;
import static io.gristmill.samples.TestTask.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;

class GrepTest {

    private static List<Text> mapKeys(String path, String pattern, Map<Long, String> lines) throws Exception {
        Grep.MatchMapper mapper = new Grep.MatchMapper();
        mapper.setup(TestTask.context(Map.of("pattern", pattern), path));
        List<Text> keys = new ArrayList<>();
        for (Map.Entry<Long, String> line : lines.entrySet()) {
            mapper.map(offset(line.getKey()), text(line.getValue()), (key, value) -> keys.add(key.copy()));
        }
        return keys;
    }

    @Test
    void whenALineContainsAMatch_thenItIsOutputWithFileAndOffset() throws Exception {
        List<Text> keys = mapKeys("/in/log.txt", "err(or)?", Map.of(0L, "ok", 3L, "an error here", 17L, "err"));
        keys.sort(Comparator.naturalOrder());
        List<String> out = new ArrayList<>();
        for (Text key : keys) {
            new Grep.MatchReducer().reduce(key, List.of(text("line")), TestTask.collector(out));
        }
        assertEquals(List.of("log.txt:3\tline", "log.txt:17\tline"), out);
    }

    @Test
    void whenKeysAreSortedAsBytes_thenMatchesAreInFileThenOffsetOrder() throws Exception {
        List<Text> keys = new ArrayList<>(mapKeys("/b.txt", "x", Map.of(5L, "x", 300L, "x", 70_000L, "x")));
        keys.addAll(mapKeys("/a.txt", "x", Map.of(256L, "x", 1L, "x")));
        keys.addAll(mapKeys("/a.txt.gz", "x", Map.of(0L, "x")));
        keys.sort(Comparator.naturalOrder());
        List<String> decoded = keys.stream().map(Grep.MatchReducer::decode).toList();
        assertEquals(List.of("a.txt:1", "a.txt:256", "a.txt.gz:0", "b.txt:5", "b.txt:300", "b.txt:70000"), decoded);
    }

    @Test
    void whenKeysShareAFile_thenTheyShareAPartition() throws Exception {
        List<Text> keys = mapKeys("/dir/f.txt", ".", Map.of(0L, "a", 10L, "b", 99_999L, "c"));
        Partitioner<Text> partitioner = Grep.BY_FILE;
        for (Text key : keys) {
            assertEquals(partitioner.partition(keys.get(0), keys.get(0).bytes(), 0, keys.get(0).length(), 7),
                    partitioner.partition(key, key.bytes(), key.offset(), key.length(), 7));
        }
    }

    @Test
    void whenThePatternParameterIsMissing_thenSetupAndDefineFail() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Grep.MatchMapper().setup(TestTask.context(Map.of(), "/f.txt")));
        assertEquals("job parameter 'pattern' is required", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Grep().define(Map.of()));
    }

    @Test
    void whenThePatternIsGiven_thenTheJobIsDefined() {
        assertFalse(new Grep().define(Map.of("pattern", "a+")).isMapOnly());
    }
}
