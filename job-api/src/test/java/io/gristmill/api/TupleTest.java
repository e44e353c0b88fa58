package io.gristmill.api;

import static io.gristmill.api.SerdeTestSupport.assertByteOrderIsNaturalOrder;
import static io.gristmill.api.SerdeTestSupport.encode;
import static io.gristmill.api.SerdeTestSupport.randomBytes;
import static io.gristmill.api.SerdeTestSupport.randomString;
import static io.gristmill.api.SerdeTestSupport.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TupleTest {
    private static final long SEED = 7_2024L;

    /** Tuple order written independently: type rank, then natural order per type, then length. */
    private static final Comparator<Tuple> REFERENCE_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareElements(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static final List<Class<?>> TYPE_ORDER = List.of(Integer.class, Long.class, Double.class, String.class,
            byte[].class);

    private static int compareElements(Object a, Object b) {
        int c = Integer.compare(TYPE_ORDER.indexOf(a.getClass()), TYPE_ORDER.indexOf(b.getClass()));
        if (c != 0) {
            return c;
        } else if (a instanceof String s) {
            return SerdeTestSupport.compareCodePoints(s, (String) b);
        } else if (a instanceof byte[] x) {
            return Arrays.compareUnsigned(x, (byte[]) b);
        } else if (a instanceof Double d) {
            return Double.compare(d, (Double) b);
        } else if (a instanceof Long l) {
            return Long.compare(l, (Long) b);
        }
        return Integer.compare((Integer) a, (Integer) b);
    }

    private static List<Tuple> tuples() {
        List<Tuple> values = new ArrayList<>(List.of(Tuple.empty(), Tuple.of(""), Tuple.of("", ""), Tuple.of("a"),
                Tuple.of("a", 1), Tuple.of("a", ""), Tuple.of("a", "\0"), Tuple.of("a\0"), Tuple.of("a\0", 1),
                Tuple.of("a\0\0"), Tuple.of("a\u0001"), Tuple.of("ab"), Tuple.of("\uffff"), Tuple.of("\ud800\udc00"),
                Tuple.of(new byte[] {0}), Tuple.of(new byte[] {0, (byte) 0xff}), Tuple.of(new byte[] {1}),
                Tuple.of(Integer.MIN_VALUE), Tuple.of(-1), Tuple.of(0), Tuple.of(Integer.MAX_VALUE),
                Tuple.of(Long.MIN_VALUE), Tuple.of(-1L), Tuple.of(Long.MAX_VALUE), Tuple.of(-0.0), Tuple.of(0.0),
                Tuple.of(Double.NaN), Tuple.of(Double.NEGATIVE_INFINITY), Tuple.of(Double.POSITIVE_INFINITY)));
        Random random = new Random(SEED);
        for (int i = 0; i < 400; i++) {
            values.add(randomTuple(random));
        }
        return values;
    }

    private static Tuple randomTuple(Random random) {
        Object[] elements = new Object[random.nextInt(4)];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = randomElement(random);
        }
        return Tuple.of(elements);
    }

    /** Small value pools, so that equal leading elements and prefix tuples are common. */
    private static Object randomElement(Random random) {
        switch (random.nextInt(5)) {
            case 0:
                return random.nextInt(5) - 2;
            case 1:
                return random.nextBoolean() ? random.nextLong() : (long) random.nextInt(3);
            case 2:
                return List.of(-0.0, 0.0, 1.5, -2.0, Double.NaN).get(random.nextInt(5));
            case 3:
                return randomString(random, 2);
            default:
                return randomBytes(random, 2);
        }
    }

    @Test
    void tuplesRoundTripThroughTheSerde() {
        for (Tuple t : tuples()) {
            assertEquals(t, roundTrip(Serdes.tuple(), t, null));
        }
    }

    @Test
    void tupleByteOrderIsElementByElementNaturalOrder() {
        assertByteOrderIsNaturalOrder(Serdes.tuple(), tuples(), REFERENCE_ORDER);
    }

    @Test
    void compareToAgreesWithTheByteOrder() {
        assertByteOrderIsNaturalOrder(Serdes.tuple(), tuples(), Comparator.naturalOrder());
    }

    @Test
    void prefixTupleSortsBeforeItsExtensionsAndStringsWithNulSortAfterTheirPrefix() {
        List<Tuple> ordered = List.of(Tuple.of("a"), Tuple.of("a", Integer.MAX_VALUE), Tuple.of("a", new byte[0]),
                Tuple.of("a\0"), Tuple.of("a\0", -1), Tuple.of("a\0\0"), Tuple.of("a\u0001"), Tuple.of("b"));
        for (int i = 1; i < ordered.size(); i++) {
            byte[] before = encode(Serdes.tuple(), ordered.get(i - 1));
            assertTrue(Arrays.compareUnsigned(before, encode(Serdes.tuple(), ordered.get(i))) < 0, "at " + i);
        }
    }

    @Test
    void encodingUsesATagPerElementAndEscapesNul() {
        byte[] expected = {0x04, 'a', 0x00, (byte) 0xff, 0x00, 0x01, (byte) 0x80, 0, 0, 5};
        assertArrayEquals(expected, encode(Serdes.tuple(), Tuple.of("a\0", 5)));
    }

    @Test
    void accessorsReturnTypedElements() {
        Tuple t = Tuple.of("w", 1, 2L, 3.5, new byte[] {4});
        assertEquals(5, t.size());
        assertEquals("w", t.getString(0));
        assertEquals(1, t.getInt(1));
        assertEquals(2L, t.getLong(2));
        assertEquals(3.5, t.getDouble(3));
        assertArrayEquals(new byte[] {4}, t.getBytes(4));
        assertEquals(2L, t.get(2));
        assertEquals("(w, 1, 2, 3.5, 0x04)", t.toString());
    }

    @Test
    void whenAccessorHasTheWrongType_thenClassCastExceptionNamesIndexAndTypes() {
        ClassCastException e = assertThrows(ClassCastException.class, () -> Tuple.of("w", 1).getLong(1));
        assertEquals("tuple element 1 is a Integer, not a Long", e.getMessage());
    }

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] source = {1, 2};
        Tuple t = Tuple.of(source);
        source[0] = 9;
        t.getBytes(0)[1] = 9;
        ((byte[]) t.get(0))[1] = 9;
        assertEquals(Tuple.of(new byte[] {1, 2}), t);
    }

    @Test
    void equalsAndHashCodeCompareContents() {
        assertEquals(Tuple.of("a", new byte[] {1}, 2.0), Tuple.of("a", new byte[] {1}, 2.0));
        assertEquals(Tuple.of("a", new byte[] {1}).hashCode(), Tuple.of("a", new byte[] {1}).hashCode());
        assertEquals(Tuple.of(Double.NaN), Tuple.of(Double.NaN));
        assertNotEquals(Tuple.of(0.0), Tuple.of(-0.0));
        assertNotEquals(Tuple.of(1), Tuple.of(1L));
        assertEquals(Tuple.of("a", 1), Tuple.of("a").append(1));
    }

    @Test
    void whenElementIsNullOrUnsupported_thenOfFailsNamingTheIndex() {
        assertEquals("tuple element 1 is null",
                assertThrows(NullPointerException.class, () -> Tuple.of("a", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tuple.of("a", 'c')).getMessage()
                .startsWith("tuple element 1 has unsupported type java.lang.Character"));
    }

    @Test
    void whenBytesAreNotATuple_thenReadFails() {
        assertThrows(IllegalArgumentException.class, () -> Serdes.tuple().read(new byte[] {0x09}, 0, 1, null));
        assertThrows(IllegalArgumentException.class, () -> Serdes.tuple().read(new byte[] {0x01, 0}, 0, 2, null));
        assertThrows(IllegalArgumentException.class, () -> Serdes.tuple().read(new byte[] {0x04, 'a'}, 0, 2, null));
    }
}
