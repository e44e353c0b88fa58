package io.gristmill.samples;

import io.gristmill.api.None;
import io.gristmill.api.Partitioner;
import io.gristmill.api.PlanContext;
import io.gristmill.api.Text;
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

import static io.gristmill.samples.TestTask.collector;
import static io.gristmill.samples.TestTask.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!~";

    @TempDir
    Path dir;

    private static String record(Random random) {
        StringBuilder sb = new StringBuilder(100);
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.append(' ').append("p".repeat(88)).append('\n').toString();
    }

    private List<Path> writeInput(Random random, int files, int records) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < records; r++) {
                sb.append(record(random));
            }
            paths.add(Files.writeString(dir.resolve("in-" + f), sb.toString()));
        }
        return paths;
    }

    private static Map<String, String> plan(List<Path> files, int reducers) throws IOException {
        Map<String, String> params = new HashMap<>();
        new Sort().plan(new PlanContext() {
            @Override
            public List<Path> inputFiles() {
                return files;
            }

            @Override
            public int numReducers() {
                return reducers;
            }

            @Override
            public Map<String, String> params() {
                return params;
            }

            @Override
            public void setParam(String name, String value) {
                params.put(name, value);
            }
        });
        return params;
    }

    @Test
    void whenPlanned_thenThereIsOneBoundaryFewerThanReducers() throws IOException {
        Map<String, String> params = plan(writeInput(new Random(1), 3, 500), 8);
        byte[][] boundaries = Sort.parseBoundaries(params.get(Sort.BOUNDARIES));
        assertEquals(7, boundaries.length);
        assertEquals(99, boundaries[0].length);
    }

    @Test
    void whenRecordsArePartitioned_thenThePartitionsFormATotalOrderAndAreBalanced() throws IOException {
        Random random = new Random(2);
        Map<String, String> params = plan(writeInput(random, 4, 3000), 5);
        Partitioner<Text> partitioner = Sort.rangePartitioner(Sort.parseBoundaries(params.get(Sort.BOUNDARIES)));
        List<Text> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String line = record(random);
            keys.add(text(line.substring(0, line.length() - 1)));
        }
        keys.sort(null);
        int[] sizes = new int[5];
        int previous = 0;
        for (Text key : keys) {
            int p = partitioner.partition(key, key.bytes(), key.offset(), key.length(), 5);
            assertTrue(p >= previous, "partition went down at " + key);
            sizes[p]++;
            previous = p;
        }
        for (int size : sizes) {
            assertTrue(size > 2500 && size < 5500, "unbalanced: " + java.util.Arrays.toString(sizes));
        }
    }

    @Test
    void whenAKeyEqualsABoundary_thenItGoesToTheHigherPartition() {
        byte[][] boundaries = {bytes("b"), bytes("d")};
        Partitioner<Text> partitioner = Sort.rangePartitioner(boundaries);
        assertEquals(List.of(0, 1, 1, 2, 2), List.of("a", "b", "c", "d", "\u00e9").stream()
                .map(s -> partitioner.partition(null, bytes(s), 0, bytes(s).length, 3)).toList());
    }

    @Test
    void whenThereAreNoBoundaries_thenEveryKeyGoesToPartitionZero() {
        Partitioner<Text> partitioner = Sort.rangePartitioner(Sort.parseBoundaries(null));
        assertEquals(0, partitioner.partition(null, bytes("zzz"), 0, 3, 4));
    }

    @Test
    void whenTheInputIsEmptyOrThereIsOneReducer_thenNoBoundaryIsSet() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertEquals("", plan(List.of(empty), 4).get(Sort.BOUNDARIES));
        assertEquals("", plan(writeInput(new Random(3), 1, 10), 1).get(Sort.BOUNDARIES));
    }

    @Test
    void whenALineOccursTwice_thenTheReducerWritesItTwice() throws IOException {
        List<String> out = new ArrayList<>();
        new Sort.LineReducer().reduce(text("k"), List.of(None.INSTANCE, None.INSTANCE), collector(out));
        assertEquals(List.of("k\t", "k\t"), out);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
