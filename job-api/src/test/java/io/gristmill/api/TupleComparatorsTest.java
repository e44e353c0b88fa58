package io.gristmill.api;

import static io.gristmill.api.SerdeTestSupport.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TupleComparatorsTest {

    private static int comparePrefix(int n, Tuple a, Tuple b) {
        byte[] x = encode(Serdes.tuple(), a);
        byte[] y = encode(Serdes.tuple(), b);
        return Integer.signum(TupleComparators.prefix(n).compare(x, 0, x.length, y, 0, y.length));
    }

    @Test
    void prefixComparatorIgnoresElementsAfterThePrefix() {
        assertEquals(0, comparePrefix(1, Tuple.of("a", 1), Tuple.of("a", 2)));
        assertEquals(0, comparePrefix(1, Tuple.of("a\0", 1), Tuple.of("a\0", "z", 3)));
        assertEquals(0, comparePrefix(2, Tuple.of("a", 1, 9.0), Tuple.of("a", 1)));
        assertEquals(0, comparePrefix(1, Tuple.of(new byte[] {0, 0}, 1), Tuple.of(new byte[] {0, 0}, "x")));
    }

    @Test
    void prefixComparatorOrdersByThePrefixInTupleOrder() {
        assertEquals(-1, comparePrefix(1, Tuple.of("a", 9), Tuple.of("a\0", 1)));
        assertEquals(-1, comparePrefix(1, Tuple.of("a"), Tuple.of("b", 0)));
        assertEquals(1, comparePrefix(2, Tuple.of("a", 2), Tuple.of("a", 1, 5)));
        assertEquals(-1, comparePrefix(2, Tuple.of("a"), Tuple.of("a", 1)));
    }

    @Test
    void prefixLengthCountsTheBytesOfTheFirstElements() {
        byte[] encoded = encode(Serdes.tuple(), Tuple.of("a\0", 5, "b"));
        assertEquals(5, TupleComparators.prefixLength(encoded, 0, encoded.length, 1));
        assertEquals(10, TupleComparators.prefixLength(encoded, 0, encoded.length, 2));
        assertEquals(encoded.length, TupleComparators.prefixLength(encoded, 0, encoded.length, 7));
    }

    @Test
    void whenPrefixIsNotPositive_thenFactoriesFail() {
        assertThrows(IllegalArgumentException.class, () -> TupleComparators.prefix(0));
        assertThrows(IllegalArgumentException.class, () -> Partitioner.hashOfTuplePrefix(0));
    }

    @Test
    void tuplePrefixPartitionerSendsAGroupToOneReducer() {
        Partitioner<Tuple> partitioner = Partitioner.hashOfTuplePrefix(1);
        for (String group : List.of("", "a", "a\0", "word", "\ud83d\ude00")) {
            Tuple first = Tuple.of(group);
            byte[] firstBytes = encode(Serdes.tuple(), first);
            int expected = partitioner.partition(first, firstBytes, 0, firstBytes.length, 7);
            for (int i = -50; i < 50; i++) {
                Tuple key = Tuple.of(group, i, "x" + i);
                byte[] bytes = encode(Serdes.tuple(), key);
                assertEquals(expected, partitioner.partition(key, bytes, 0, bytes.length, 7));
            }
        }
    }

    @Test
    void tuplePrefixPartitionerSpreadsDifferentGroups() {
        Partitioner<Tuple> partitioner = Partitioner.hashOfTuplePrefix(1);
        boolean[] used = new boolean[4];
        for (int g = 0; g < 100; g++) {
            byte[] bytes = encode(Serdes.tuple(), Tuple.of("group" + g, 1));
            used[partitioner.partition(null, bytes, 0, bytes.length, 4)] = true;
        }
        assertTrue(used[0] && used[1] && used[2] && used[3]);
    }
}
