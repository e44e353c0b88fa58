package io.gristmill.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class MergeCombinerTest {
    @Test
    void whenLongsAreSummed_thenTheAccumulatorIsAddedToInPlaceAndReturned() throws Exception {
        MutableLong acc = new MutableLong(4);
        assertSame(acc, MergeCombiner.sumOfLongs().merge(acc, new MutableLong(2)));
        assertEquals(6, acc.get());
    }

    @Test
    void whenASumOverflows_thenItWrapsLikeLongAddition() throws Exception {
        MutableLong acc = new MutableLong(Long.MAX_VALUE);
        assertEquals(Long.MIN_VALUE, MergeCombiner.sumOfLongs().merge(acc, new MutableLong(1)).get());
    }

    @Test
    void whenAskedTwice_thenTheSumIsTheSameInstance() {
        assertSame(MergeCombiner.sumOfLongs(), MergeCombiner.sumOfLongs());
    }
}
