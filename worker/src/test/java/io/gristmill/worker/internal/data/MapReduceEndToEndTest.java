package io.gristmill.worker.internal.data;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MapReduceEndToEndTest {
    @TempDir
    Path dir;

    /** Emits (word, 1) for each run of ASCII letters, reusing one Text and one MutableLong for every pair. */
    static final class ReusingWordMapper implements Mapper<MutableLong, Text, Text, MutableLong> {
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws Exception {
            byte[] b = line.bytes();
            int end = line.offset() + line.length();
            int i = line.offset();
            while (i < end) {
                while (i < end && !isLetter(b[i])) {
                    i++;
                }
                int start = i;
                while (i < end && isLetter(b[i])) {
                    i++;
                }
                if (i > start) {
                    word.set(b, start, i - start);
                    out.emit(word, one);
                }
            }
        }

        private static boolean isLetter(byte c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
    }

    static final class SumReducer implements Reducer<Text, MutableLong, Text, MutableLong> {
        private final MutableLong total = new MutableLong();

        @Override
        public void reduce(Text key, Iterable<MutableLong> values, Emitter<Text, MutableLong> out) throws Exception {
            long sum = 0;
            for (MutableLong v : values) {
                sum += v.get();
            }
            out.emit(key, total.set(sum));
        }
    }

    private Path writeInput(Map<String, Long> expected) throws Exception {
        Random rnd = new Random(5);
        String[] vocabulary = new String[3000];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + rnd.nextInt(12);
            for (int j = 0; j < len; j++) {
                sb.append((char) ((rnd.nextBoolean() ? 'a' : 'A') + rnd.nextInt(26)));
            }
            vocabulary[i] = sb.toString();
        }
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 40_000; line++) {
            int words = rnd.nextInt(12);
            for (int w = 0; w < words; w++) {
                String word = vocabulary[(int) Math.abs(rnd.nextGaussian() * 500) % vocabulary.length];
                expected.merge(word, 1L, Long::sum);
                text.append(word).append(rnd.nextInt(5) == 0 ? ", " : " ");
            }
            text.append(line % 7 == 0 ? "\r\n" : "\n");
        }
        Path input = dir.resolve("input.txt");
        Files.writeString(input, text.toString(), StandardCharsets.US_ASCII);
        return input;
    }

    private Map<String, Long> runWordCount(Job job, Path input, int maps, int reducers, long sortBuffer)
            throws Exception {
        long size = Files.size(input);
        List<List<Segment>> segments = new ArrayList<>();
        for (int r = 0; r < reducers; r++) {
            segments.add(new ArrayList<>());
        }
        long inputRecords = 0;
        for (int m = 0; m < maps; m++) {
            long start = size * m / maps;
            long end = size * (m + 1) / maps;
            SimpleTaskContext ctx = TestSupport.mapContext(m, reducers,
                    new InputSplit(input.toString(), start, end - start));
            MapOutput out = new MapRunner(job, ctx, () -> false)
                    .run(reducers, sortBuffer, dir.resolve("spill-" + m), dir.resolve("map-" + m));
            inputRecords += ctx.counterValue(Counters.GROUP, Counters.MAP_INPUT_RECORDS);
            for (int r = 0; r < reducers; r++) {
                segments.get(r).add(out.segment(r));
            }
        }
        assertEquals(40_000, inputRecords, "every line read by exactly one split");
        Map<String, Long> counts = new TreeMap<>();
        for (int r = 0; r < reducers; r++) {
            Path out = dir.resolve("part-r-" + r + "-" + System.nanoTime());
            new ReduceRunner(job, TestSupport.reduceContext(r, reducers), () -> false)
                    .run(segments.get(r), dir.resolve("reduce-tmp"), out);
            for (String line : Files.readAllLines(out)) {
                String[] kv = line.split("\t");
                Long old = counts.put(kv[0], Long.parseLong(kv[1]));
                assertEquals(null, old, "each word in exactly one partition, once");
            }
        }
        return counts;
    }

    private Job.Builder wordCount() {
        return Job.builder().mapper(ReusingWordMapper::new).reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs());
    }

    @Test
    void wordCountWithAMergeCombinerEqualsASequentialCount() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        Path input = writeInput(expected);
        Job job = wordCount().mergeCombiner((MutableLong a, MutableLong v) -> a.add(v.get())).build();
        assertEquals(expected, runWordCount(job, input, 3, 2, 64 << 10));
    }

    @Test
    void wordCountWithAReducerCombinerEqualsASequentialCount() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        Path input = writeInput(expected);
        Job job = wordCount().combiner(SumReducer::new).build();
        assertEquals(expected, runWordCount(job, input, 3, 2, 64 << 10));
    }

    @Test
    void anObjectReusingMapperWithoutCombinerGivesCorrectOutput() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        Path input = writeInput(expected);
        assertEquals(expected, runWordCount(wordCount().build(), input, 2, 3, 64 << 10));
        assertEquals(expected, runWordCount(wordCount().build(), input, 1, 1, 64 << 20));
    }

    @Test
    void aMapOnlyJobWritesMapperOutputDirectly() throws Exception {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "alpha\nbeta\r\ngamma\n");
        Job job = Job.builder()
                .mapper(() -> (Mapper<MutableLong, Text, String, None>) (k, line, out) ->
                        out.emit(line.toString().toUpperCase() + "@" + k.get(), None.INSTANCE))
                .mapOutput(Serdes.string(), Serdes.none()).build();
        SimpleTaskContext ctx = TestSupport.mapContext(0, 0, new InputSplit(input.toString(), 0, Files.size(input)));
        Path out = dir.resolve("part-m-00000");
        new MapRunner(job, ctx, () -> false).runMapOnly(out);
        assertEquals(List.of("ALPHA@0", "BETA@6", "GAMMA@12"), Files.readAllLines(out));
        assertEquals(3, ctx.counterValue(Counters.GROUP, Counters.MAP_INPUT_RECORDS));
        assertEquals(3, ctx.counterValue(Counters.GROUP, Counters.MAP_OUTPUT_RECORDS));
        assertEquals(Files.size(out), ctx.counterValue(Counters.GROUP, Counters.OUTPUT_BYTES));
        assertEquals(Files.size(input), ctx.counterValue(Counters.GROUP, Counters.MAP_INPUT_BYTES));
    }
}
