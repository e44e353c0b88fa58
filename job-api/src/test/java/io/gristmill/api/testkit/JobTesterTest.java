package io.gristmill.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Partitioner;
import io.gristmill.api.PlanContext;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;
import io.gristmill.api.Tuple;
import io.gristmill.api.TupleComparators;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTesterTest {

    /** The canonical word count: words are maximal runs of letters, case kept, reusing its objects. */
    public static final class WordCount implements JobDefinition {
        @Override
        public Job define(Map<String, String> params) {
            Job.Builder b = Job.builder()
                    .mapper(WordMapper::new)
                    .reducer(SumReducer::new)
                    .mapOutput(Serdes.text(), Serdes.mutableLongs());
            return "sorted".equals(params.get("combiner"))
                    ? b.combiner(SumReducer::new).build()
                    : b.mergeCombiner((MutableLong acc, MutableLong v) -> acc.add(v.get())).build();
        }
    }

    static final class WordMapper implements Mapper<MutableLong, Text, Text, MutableLong> {
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);
        private io.gristmill.api.Counter words;

        @Override
        public void setup(TaskContext context) {
            words = context.counter("wordcount", "words");
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws IOException {
            String s = line.toString();
            int start = -1;
            for (int i = 0; i <= s.length(); ) {
                int cp = i < s.length() ? s.codePointAt(i) : ' ';
                if (Character.isLetter(cp) && start < 0) {
                    start = i;
                } else if (!Character.isLetter(cp) && start >= 0) {
                    out.emit(word.set(s.substring(start, i)), one);
                    words.increment();
                    start = -1;
                }
                i += Character.charCount(cp);
            }
        }
    }

    static final class SumReducer implements Reducer<Text, MutableLong, Text, MutableLong> {
        private final MutableLong sum = new MutableLong();
        private io.gristmill.api.Counter calls;

        @Override
        public void setup(TaskContext context) {
            calls = context.counter(context.isMap() ? "combiner" : "reducer", "calls");
        }

        @Override
        public void reduce(Text word, Iterable<MutableLong> counts, Emitter<Text, MutableLong> out)
                throws IOException {
            sum.set(0);
            counts.forEach(c -> sum.add(c.get()));
            calls.increment();
            out.emit(word, sum);
        }
    }

    private static final List<String> TEXT = List.of("the cat and the hat", "The cat's hat, the CAT!", "",
            "naïve café 😀 naïve", "x1y2z");

    private static final List<String> COUNTS = List.of("CAT\t1", "The\t1", "and\t1", "café\t1", "cat\t2", "hat\t2",
            "naïve\t2", "s\t1", "the\t3", "x\t1", "y\t1", "z\t1");

    @Test
    void wordCountWithMergeCombinerCountsEveryWordInByteOrder() throws Exception {
        JobTester.Result result = JobTester.of(new WordCount(), Map.of()).inputLines(TEXT).run();
        assertEquals(COUNTS, result.lines());
        assertEquals(17, result.counter("wordcount", "words"));
        assertEquals(COUNTS.size(), result.counter("reducer", "calls"));
    }

    @Test
    void wordCountOverSeveralMapsAndReducersKeepsEachWordOnOneReducer() throws Exception {
        JobTester.Result result = JobTester.of(new WordCount(), Map.of()).reducers(3)
                .inputLines(TEXT.subList(0, 2)).inputLines(TEXT.subList(2, 5)).run();
        assertEquals(3, result.numPartitions());
        assertEquals(COUNTS, result.lines().stream().sorted().toList());
        for (int p = 0; p < 3; p++) {
            List<String> partition = result.partition(p);
            assertEquals(partition.stream().sorted().toList(), partition, "partition " + p + " is sorted");
        }
    }

    @Test
    void wordCountWithSortedCombinerRunsTheCombinerOnTheMapSide() throws Exception {
        JobTester.Result result = JobTester.of(new WordCount(), Map.of("combiner", "sorted"))
                .inputLines(TEXT).inputLines("the end").run();
        assertEquals(List.of("CAT\t1", "The\t1", "and\t1", "café\t1", "cat\t2", "end\t1", "hat\t2", "naïve\t2",
                "s\t1", "the\t4", "x\t1", "y\t1", "z\t1"), result.lines());
        assertEquals(COUNTS.size() + 2, result.counter("combiner", "calls"));
        assertEquals(Map.of("combiner.calls", 14L, "reducer.calls", 13L, "wordcount.words", 19L), result.counters());
    }

    /** Emits (station, temperature) tuples; each reduce call lists one station's temperatures in order. */
    private static Job secondarySortJob() {
        Mapper<MutableLong, Text, Tuple, Integer> mapper = (offset, line, out) -> {
            String[] fields = line.toString().split(",");
            out.emit(Tuple.of(fields[0], Integer.parseInt(fields[1])), Integer.parseInt(fields[1]));
        };
        Reducer<Tuple, Integer, String, String> reducer = (key, temperatures, out) -> {
            List<Integer> all = new ArrayList<>();
            temperatures.forEach(all::add);
            out.emit(key.getString(0), all.toString());
        };
        return Job.builder().mapper(() -> mapper).reducer(() -> reducer)
                .mapOutput(Serdes.tuple(), Serdes.ints())
                .groupingComparator(TupleComparators.prefix(1))
                .partitioner(Partitioner.hashOfTuplePrefix(1))
                .build();
    }

    @Test
    void secondarySortGivesEachGroupItsValuesInSortOrderInOneReduceCall() throws Exception {
        JobTester.Result result = JobTester.of(secondarySortJob()).reducers(2)
                .inputLines("oslo,3", "rome,25", "oslo,-7", "lima,19")
                .inputLines("rome,-1", "oslo,12", "lima,18", "oslo,0", "rome,25")
                .run();
        assertEquals(List.of("lima\t[18, 19]", "oslo\t[-7, 0, 3, 12]", "rome\t[-1, 25, 25]"),
                result.lines().stream().sorted().toList());
    }

    @Test
    void mapOnlyJobReturnsMapperOutputPerMapTaskWithByteOffsets() throws Exception {
        Mapper<MutableLong, Text, String, Object> mapper = (offset, line, out) -> out.emit(
                offset.get() + ":" + line.toString().toUpperCase(), line.length() == 0 ? None.INSTANCE : line);
        Job job = Job.builder().mapper(() -> mapper).mapOutput(Serdes.string(), Serdes.text()).build();
        JobTester.Result result = JobTester.of(job).inputLines("é", "", "ab").inputLines("z").run();
        assertEquals(List.of("0:É\té", "3:", "4:AB\tab"), result.partition(0));
        assertEquals(List.of("0:Z\tz"), result.partition(1));
        assertEquals(4, result.lines().size());
    }

    @Test
    void whenReducerIteratesValuesTwice_thenRunFails() {
        Reducer<Text, MutableLong, Text, MutableLong> twice = (key, values, out) -> {
            values.forEach(v -> { });
            values.forEach(v -> { });
        };
        Job job = Job.builder().mapper(WordMapper::new).reducer(() -> twice)
                .mapOutput(Serdes.text(), Serdes.mutableLongs()).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JobTester.of(job).inputLines("a").run());
        assertEquals("the values of a reduce group can be iterated only once", e.getMessage());
    }

    @Test
    void reduceValuesAreDeserializedIntoOneReusedObject() throws Exception {
        List<Object> seen = new ArrayList<>();
        Reducer<Text, MutableLong, Text, MutableLong> keeper = (key, values, out) -> values.forEach(seen::add);
        Job job = Job.builder().mapper(WordMapper::new).reducer(() -> keeper)
                .mapOutput(Serdes.text(), Serdes.mutableLongs()).build();
        JobTester.of(job).inputLines("a a b").run();
        assertEquals(3, seen.size());
        assertSame(seen.get(0), seen.get(2));
    }

    @Test
    void whenMapperThrows_thenRunThrowsTheSameException() {
        IllegalArgumentException boom = new IllegalArgumentException("bad record");
        Mapper<MutableLong, Text, Text, MutableLong> failing = (k, v, out) -> {
            throw boom;
        };
        Job job = Job.builder().mapper(() -> failing).reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs()).build();
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> JobTester.of(job).inputLines("x").run()));
    }

    /** A job whose plan derives a parameter from its input files and whose mapper reads it. */
    public static final class PlannedJob implements JobDefinition {
        @Override
        public void plan(PlanContext context) {
            context.setParam("files", Integer.toString(context.inputFiles().size()));
        }

        @Override
        public Job define(Map<String, String> params) {
            Mapper<MutableLong, Text, String, None> mapper = new Mapper<>() {
                private String prefix;

                @Override
                public void setup(TaskContext context) {
                    prefix = context.param("files") + "/" + context.param("tag") + "/" + context.taskId() + "/"
                            + Path.of(context.split().path()).getFileName();
                }

                @Override
                public void map(MutableLong offset, Text line, Emitter<String, None> out) throws IOException {
                    out.emit(prefix + "@" + offset.get() + ":" + line, None.INSTANCE);
                }
            };
            return Job.builder().mapper(() -> mapper).mapOutput(Serdes.string(), Serdes.none()).build();
        }
    }

    @Test
    void planSetsParametersThatDefineAndTasksSeeAndFilesAreReadThroughTheInputFormat(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "one\r\ntwo", StandardCharsets.UTF_8);
        JobTester.Result result = JobTester.of(new PlannedJob(), Map.of()).param("tag", "t").inputFile(file).run();
        assertEquals(List.of("1/t/m-00000/in.txt@0:one", "1/t/m-00000/in.txt@5:two"), result.lines());
    }

    @Test
    void whenReducerCountIsNotPositive_thenItIsRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobTester.of(new WordCount(), Map.of()).reducers(0)).getMessage().contains("got 0"));
    }

    @Test
    void a_side_file_is_opened_by_name_and_an_unknown_name_is_refused_naming_the_shipped_ones() throws Exception {
        java.nio.file.Path stop = java.nio.file.Files.createTempFile("stop", ".txt");
        try {
            java.nio.file.Files.writeString(stop, "the\n");
            TestTaskContext context = TestTaskContext.map(Map.of(), "in.txt").withSideFile("stopwords.txt", stop)
                    .withSideFile("lookup.csv", stop);
            assertEquals(stop, context.sideFile("stopwords.txt"));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> context.sideFile("stopword.txt"));
            assertTrue(e.getMessage().contains("'stopword.txt'") && e.getMessage().contains("lookup.csv, stopwords.txt"),
                    e.getMessage());
            IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> TestTaskContext.map(Map.of(), "in.txt").sideFile("x"));
            assertTrue(none.getMessage().contains("shipped: none"), none.getMessage());
        } finally {
            java.nio.file.Files.delete(stop);
        }
    }

    @Test
    void the_tester_ships_side_files_to_every_task() throws Exception {
        java.nio.file.Path stop = java.nio.file.Files.createTempFile("stop", ".txt");
        try {
            java.nio.file.Files.writeString(stop, "the\n");
            Job job = Job.builder().mapper(SideFileMapper::new).reducer(SumReducer::new)
                    .mapOutput(Serdes.text(), Serdes.mutableLongs()).build();
            JobTester.Result result = JobTester.of(job).sideFile("stop", stop).inputLines("the cat the dog").run();
            assertEquals(List.of("cat\t1", "dog\t1"), result.lines().stream().sorted().toList());
        } finally {
            java.nio.file.Files.delete(stop);
        }
    }

    /** Counts words, dropping those listed in side file {@code stop}. */
    static final class SideFileMapper implements Mapper<MutableLong, Text, Text, MutableLong> {
        private final java.util.Set<String> stop = new java.util.HashSet<>();
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);

        @Override
        public void setup(TaskContext context) throws IOException {
            stop.addAll(java.nio.file.Files.readAllLines(context.sideFile("stop")));
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws IOException {
            for (String w : line.toString().split(" ")) {
                if (!stop.contains(w)) {
                    word.set(w);
                    out.emit(word, one);
                }
            }
        }
    }
}
