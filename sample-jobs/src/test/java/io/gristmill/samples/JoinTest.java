package io.gristmill.samples;

import io.gristmill.api.Tuple;
import io.gristmill.api.testkit.JobTester;
import io.gristmill.api.testkit.TestTaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JoinTest {
    private static final Path BUNDLED = Path.of("..", "data", "join");

    @TempDir
    Path dir;

    @Test
    void whenRunOnRandomInputsInSeveralFilesAndReducers_thenOutputEqualsANestedLoopJoin() throws Exception {
        Random random = new Random(11);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            customers.add("c" + i + ",name " + i);
        }
        customers.add("c7,second customer c7"); // a key with two left records: every pair is written
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            orders.add("o" + i + ",c" + random.nextInt(400) + "," + random.nextInt(10_000)); // c300.. are unknown
        }
        for (int i = 0; i < 6000; i++) {
            orders.add("big" + i + ",c42," + i); // one key with many values on the large side
        }
        JobTester tester = JobTester.of(new Join(), Map.of()).reducers(3)
                .inputFile(write("customers-a.csv", "id,name", customers.subList(0, 150)))
                .inputFile(write("customers-b.csv", "id,name", customers.subList(150, customers.size())))
                .inputFile(write("orders-1.csv", "order,customer,amount", orders.subList(0, 5000)))
                .inputFile(write("orders-2.csv", "order,customer,amount", orders.subList(5000, orders.size())));

        JobTester.Result result = tester.run();

        List<String> expected = SequentialJoin.of(customers, 0, orders, 1);
        assertEquals(expected, sorted(result.lines()));
        assertEquals(expected.size(), result.counter("join", "pairs"));
        assertEquals(SequentialJoin.unmatched(customers, 0, orders, 1), result.counter("join", "unmatchedLeft"));
        assertEquals(SequentialJoin.unmatched(orders, 1, customers, 0), result.counter("join", "unmatchedRight"));
    }

    @Test
    void whenRunOnTheBundledData_thenOutputEqualsANestedLoopJoin() throws Exception {
        List<String> customers = withoutHeader(BUNDLED.resolve("customers.csv"));
        List<String> orders = withoutHeader(BUNDLED.resolve("orders.csv"));

        JobTester.Result result = JobTester.of(new Join(), Map.of()).reducers(2)
                .inputFile(BUNDLED.resolve("customers.csv")).inputFile(BUNDLED.resolve("orders.csv")).run();

        assertEquals(SequentialJoin.of(customers, 0, orders, 1), sorted(result.lines()));
        assertEquals(2, result.counter("join", "unmatchedLeft"), "two customers never ordered");
        assertEquals(3, result.counter("join", "unmatchedRight"), "three orders name no customer");
    }

    @Test
    void whenColumnsAndTheLeftFilesAreGiven_thenTheyAreUsed() throws Exception {
        JobTester.Result result = JobTester.of(new Join(), Map.of("leftFiles", "*.people", "leftKey", "1",
                        "rightKey", "0", "header", "false"))
                .inputFile(write("x.people", null, List.of("Ada,1,London", "Alan,2,Wilmslow")))
                .inputFile(write("y.pets", null, List.of("1,cat", "1,owl", "3,dog")))
                .run();

        assertEquals(List.of("1,Ada,London,cat", "1,Ada,London,owl"), sorted(result.lines()));
    }

    @Test
    void whenTheLargeSideHasManyValues_thenEachIsJoinedAsSoonAsItArrives() throws Exception {
        int rightValues = 200_000;
        LazyValues values = new LazyValues(rightValues);
        JoinReducer reducer = new JoinReducer();
        reducer.setup(TestTaskContext.map(Map.of(), "unused"));
        long[] written = {0};

        reducer.reduce(Tuple.of("k", JoinSide.LEFT.tag), values, (line, none) -> {
            // streamed: the pair of right value n is written before value n + 1 is read
            assertEquals(values.handedOut - 1, ++written[0], "right values read ahead of the output");
            assertEquals("k,left,r" + (written[0] - 1), line);
        });

        assertEquals(rightValues, written[0]);
    }

    @Test
    void aRecordIsSplitIntoItsKeyColumnAndTheOthers() {
        assertEquals(new CsvRecord("c1", "o1,25"), CsvRecord.of("o1,c1,25", 1));
        assertEquals(new CsvRecord("c1", "Ada"), CsvRecord.of("c1,Ada", 0));
        assertEquals(new CsvRecord("25", "o1,c1"), CsvRecord.of("o1,c1,25", 2));
        assertEquals(new CsvRecord("", "o1"), CsvRecord.of("o1,", 1));
        assertNull(CsvRecord.of("o1,c1", 2));
    }

    @Test
    void whenAKeyColumnIsNotANumber_thenDefiningTheJobFailsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Join().define(Map.of("leftKey", "first")));
        assertEquals("job parameter 'leftKey' must be a column number, got first", e.getMessage());
    }

    private Path write(String name, String header, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>();
        if (header != null) {
            all.add(header);
        }
        all.addAll(lines);
        return Files.write(dir.resolve(name), all);
    }

    private static List<String> withoutHeader(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.subList(1, lines.size());
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    /** One left value, then {@code right} right values made as they are read, counting how many were read. */
    private static final class LazyValues implements Iterable<Tuple> {
        private final int right;
        int handedOut;

        LazyValues(int right) {
            this.right = right;
        }

        @Override
        public Iterator<Tuple> iterator() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return handedOut < right + 1;
                }

                @Override
                public Tuple next() {
                    int n = handedOut++;
                    return n == 0 ? Tuple.of(JoinSide.LEFT.tag, "left") : Tuple.of(JoinSide.RIGHT.tag, "r" + (n - 1));
                }
            };
        }
    }

    /** The join the obvious way, for comparison: every left record against every right record. */
    private static final class SequentialJoin {
        static List<String> of(List<String> left, int leftKey, List<String> right, int rightKey) {
            List<String> out = new ArrayList<>();
            for (String l : left) {
                CsvRecord a = CsvRecord.of(l, leftKey);
                for (String r : right) {
                    CsvRecord b = CsvRecord.of(r, rightKey);
                    if (a.key().equals(b.key())) {
                        out.add(a.key() + "," + a.rest() + "," + b.rest());
                    }
                }
            }
            return sorted(out);
        }

        /** The records of {@code these} whose key no record of {@code others} has. */
        static long unmatched(List<String> these, int key, List<String> others, int otherKey) {
            java.util.Set<String> keys = new java.util.HashSet<>();
            others.forEach(o -> keys.add(CsvRecord.of(o, otherKey).key()));
            return these.stream().filter(t -> !keys.contains(CsvRecord.of(t, key).key())).count();
        }
    }
}
