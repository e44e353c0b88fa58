package io.gristmill.coordinator.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BundlesTest {
    @Test
    void mapsTravelAloneUntilOneHasBeenMeasured() {
        assertEquals(1, Bundles.size(Double.NaN, 200_000, 4_000));
    }

    @Test
    void aBundleHoldsAboutFiftyMillisecondsOfWorkAtMost() {
        assertEquals(5, Bundles.size(10, 1_000_000, 10));
        assertEquals(Bundles.MAX_SIZE, Bundles.size(0.1, 1_000_000, 10), "capped however short the maps");
        assertEquals(1, Bundles.size(80, 1_000_000, 10), "a long map travels alone");
    }

    @Test
    void nearTheEndBundlesShrinkToHalfAFairShare() {
        assertEquals(25, Bundles.size(0.5, 200_000, 4_000), "half of 50 pending maps per slot");
        assertEquals(8, Bundles.size(2, 64_000, 4_000), "share 8 is above the 5 maps that make 10 ms");
        assertEquals(5, Bundles.size(2, 20_000, 4_000), "share 2 is below them: 10 ms of work still goes");
    }

    @Test
    void shrinkingStopsAtTenMillisecondsOfWork() {
        assertEquals(20, Bundles.size(0, 100, 4_000), "sub-millisecond maps: 20 (the clock cannot see below 0.5 ms)");
        assertEquals(10, Bundles.size(1, 1, 4_000));
        assertEquals(1, Bundles.size(12, 1, 4_000), "a map longer than 10 ms travels alone at the end");
    }
}
