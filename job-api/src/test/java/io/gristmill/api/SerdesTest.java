package io.gristmill.api;

import static io.gristmill.api.SerdeTestSupport.assertByteOrderIsNaturalOrder;
import static io.gristmill.api.SerdeTestSupport.assertSameBytes;
import static io.gristmill.api.SerdeTestSupport.compareCodePoints;
import static io.gristmill.api.SerdeTestSupport.encode;
import static io.gristmill.api.SerdeTestSupport.randomBytes;
import static io.gristmill.api.SerdeTestSupport.randomString;
import static io.gristmill.api.SerdeTestSupport.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerdesTest {
    private static final long SEED = 20240611L;

    private static List<String> strings() {
        List<String> values = new ArrayList<>(List.of("", "\0", "\0\0", "a", "a\0", "a\0b", "a\u0001", "ab", "b",
                "\u007f", "\u0080", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffff", "\uffff\uffff",
                "\ud800\udc00", "\ud83d\ude00", "\udbff\udfff", "x\ud800\udc00", "x\uffff"));
        Random random = new Random(SEED);
        for (int i = 0; i < 300; i++) {
            values.add(randomString(random, 6));
        }
        return values;
    }

    private static List<Integer> ints() {
        List<Integer> values = new ArrayList<>(List.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -256, -255, -1, 0,
                1, 127, 128, 255, 256, Integer.MAX_VALUE - 1, Integer.MAX_VALUE));
        new Random(SEED).ints(300).forEach(values::add);
        return values;
    }

    private static List<Long> longs() {
        List<Long> values = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L << 32, -(1L << 32) + 1,
                -1L, 0L, 1L, 255L, 256L, 1L << 32, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        Random random = new Random(SEED);
        for (int i = 0; i < 300; i++) {
            values.add(random.nextBoolean() ? random.nextLong() : random.nextInt());
        }
        return values;
    }

    private static List<Double> doubles() {
        List<Double> values = new ArrayList<>(List.of(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.5, -1.0,
                -Double.MIN_NORMAL, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, 1.5,
                Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L),
                Double.longBitsToDouble(0xfff8000000000000L)));
        Random random = new Random(SEED);
        for (int i = 0; i < 300; i++) {
            values.add(random.nextBoolean() ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian());
        }
        return values;
    }

    @Test
    void stringsRoundTrip() {
        for (String s : strings()) {
            assertEquals(s, roundTrip(Serdes.string(), s, null), () -> SerdeTestSupport.show(s));
        }
    }

    @Test
    void stringByteOrderIsCodePointOrderNotUtf16Order() {
        assertByteOrderIsNaturalOrder(Serdes.string(), strings(), SerdeTestSupport::compareCodePoints);
    }

    @Test
    void supplementaryCharactersSortAfterUffffUnlikeStringCompareTo() {
        String supplementary = "\ud800\udc00";
        assertTrue("\uffff".compareTo(supplementary) > 0);
        assertTrue(Arrays.compareUnsigned(encode(Serdes.string(), "\uffff"), encode(Serdes.string(), supplementary)) < 0);
    }

    @Test
    void textRoundTripsIntoTheReuseObject() {
        Text reuse = new Text("something longer than the next values");
        for (String s : strings()) {
            Text read = roundTrip(Serdes.text(), new Text(s), reuse);
            assertSame(reuse, read);
            assertEquals(s, read.toString());
        }
    }

    @Test
    void textByteOrderIsCodePointOrder() {
        List<Text> texts = strings().stream().map(Text::new).toList();
        assertByteOrderIsNaturalOrder(Serdes.text(), texts, Comparator.naturalOrder());
        assertByteOrderIsNaturalOrder(Serdes.text(), texts, (a, b) -> compareCodePoints(a.toString(), b.toString()));
    }

    @Test
    void intsRoundTripAndSortInNumericOrder() {
        for (int v : ints()) {
            assertEquals(v, roundTrip(Serdes.ints(), v, null));
        }
        assertByteOrderIsNaturalOrder(Serdes.ints(), ints(), Comparator.naturalOrder());
    }

    @Test
    void mutableIntsRoundTripIntoTheReuseObjectAndSortLikeInts() {
        MutableInt reuse = new MutableInt();
        for (int v : ints()) {
            assertSame(reuse, roundTrip(Serdes.mutableInts(), new MutableInt(v), reuse));
            assertEquals(v, reuse.get());
            assertSameBytes(encode(Serdes.ints(), v), encode(Serdes.mutableInts(), new MutableInt(v)));
        }
        assertEquals(-3, roundTrip(Serdes.mutableInts(), new MutableInt(-3), null).get());
    }

    @Test
    void longsRoundTripAndSortInNumericOrder() {
        for (long v : longs()) {
            assertEquals(v, roundTrip(Serdes.longs(), v, null));
        }
        assertByteOrderIsNaturalOrder(Serdes.longs(), longs(), Comparator.naturalOrder());
    }

    @Test
    void mutableLongsRoundTripIntoTheReuseObjectAndSortLikeLongs() {
        MutableLong reuse = new MutableLong();
        for (long v : longs()) {
            assertSame(reuse, roundTrip(Serdes.mutableLongs(), new MutableLong(v), reuse));
            assertEquals(v, reuse.get());
            assertSameBytes(encode(Serdes.longs(), v), encode(Serdes.mutableLongs(), new MutableLong(v)));
        }
        assertEquals(-3L, roundTrip(Serdes.mutableLongs(), new MutableLong(-3), null).get());
    }

    @Test
    void doublesRoundTripBitForBitExceptNaNWhichStaysNaN() {
        for (double v : doubles()) {
            double read = roundTrip(Serdes.doubles(), v, null);
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(read), () -> "value " + v);
        }
    }

    @Test
    void doubleByteOrderIsDoubleCompareOrder() {
        assertByteOrderIsNaturalOrder(Serdes.doubles(), doubles(), Double::compare);
    }

    @Test
    void negativeZeroSortsBeforeZeroAndNaNAfterInfinity() {
        List<Double> ordered = List.of(Double.NEGATIVE_INFINITY, -1.0, -0.0, 0.0, 1.0, Double.POSITIVE_INFINITY,
                Double.NaN);
        for (int i = 1; i < ordered.size(); i++) {
            byte[] before = encode(Serdes.doubles(), ordered.get(i - 1));
            assertTrue(Arrays.compareUnsigned(before, encode(Serdes.doubles(), ordered.get(i))) < 0, "at " + i);
        }
    }

    @Test
    void mutableDoublesRoundTripIntoTheReuseObjectAndEncodeLikeDoubles() {
        MutableDouble reuse = new MutableDouble();
        for (double v : doubles()) {
            assertSame(reuse, roundTrip(Serdes.mutableDoubles(), new MutableDouble(v), reuse));
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(reuse.get()));
            assertSameBytes(encode(Serdes.doubles(), v), encode(Serdes.mutableDoubles(), new MutableDouble(v)));
        }
        assertEquals(2.5, roundTrip(Serdes.mutableDoubles(), new MutableDouble(2.5), null).get());
    }

    @Test
    void bytesRoundTripAndSortUnsigned() {
        Random random = new Random(SEED);
        List<byte[]> values = new ArrayList<>(List.of(new byte[0], new byte[] {0}, new byte[] {0, 0},
                new byte[] {(byte) 0x80}, new byte[] {(byte) 0xff}, new byte[] {1, (byte) 0xff}));
        for (int i = 0; i < 200; i++) {
            values.add(randomBytes(random, 5));
        }
        for (byte[] v : values) {
            assertArrayEquals(v, roundTrip(Serdes.bytes(), v, null));
        }
        assertByteOrderIsNaturalOrder(Serdes.bytes(), values, Arrays::compareUnsigned);
    }

    @Test
    void noneEncodesAsZeroBytes() {
        assertEquals(0, encode(Serdes.none(), None.INSTANCE).length);
        assertSame(None.INSTANCE, roundTrip(Serdes.none(), None.INSTANCE, null));
    }

    @Test
    void whenNumberHasWrongLength_thenReadFailsWithTheLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Serdes.longs().read(new byte[4], 0, 4, null));
        assertEquals("expected 8 bytes, got 4", e.getMessage());
    }
}
