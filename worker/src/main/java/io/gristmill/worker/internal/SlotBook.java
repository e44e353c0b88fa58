package io.gristmill.worker.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which bundles hold this worker's slots. A bundle takes a slot when its RUN is accepted and gives it back only
 * when its task thread has ended, whatever it was told meanwhile. Bundles of earlier incarnations of this process
 * (dropped when the worker registered again) are leftovers: they still hold their slots until their threads end,
 * and the coordinator is told how many ({@code leftoverSlots}) since it cannot know them.
 *
 * <p>Confined to the worker's context; the counts are also readable from any thread (metrics gauges).
 *
 * @param <B> a bundle (any value with identity; tests use strings)
 */
public final class SlotBook<B> {
    private final int slots;
    private final Set<B> current = new LinkedHashSet<>();
    private final Set<B> leftovers = new LinkedHashSet<>();
    private volatile int busy;
    private volatile int leftover;

    public SlotBook(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        this.slots = slots;
    }

    public int slots() {
        return slots;
    }

    public boolean hasFreeSlot() {
        return current.size() + leftovers.size() < slots;
    }

    /** Gives a slot to a bundle of this incarnation. */
    public void take(B bundle) {
        if (!hasFreeSlot()) {
            throw new IllegalStateException("no free slot for " + bundle + ": " + busy() + " of " + slots + " busy");
        }
        if (!current.add(bundle)) {
            throw new IllegalStateException(bundle + " already holds a slot");
        }
        counted();
    }

    /**
     * Frees the slot of a bundle whose thread has ended.
     *
     * @return whether the bundle was a leftover of an earlier incarnation
     */
    public boolean release(B bundle) {
        boolean wasLeftover = leftovers.remove(bundle);
        if (!wasLeftover && !current.remove(bundle)) {
            throw new IllegalStateException(bundle + " holds no slot");
        }
        counted();
        return wasLeftover;
    }

    /** This incarnation ends: its bundles become leftovers, still holding their slots. Returns them. */
    public List<B> retireCurrent() {
        List<B> retired = List.copyOf(current);
        leftovers.addAll(current);
        current.clear();
        counted();
        return retired;
    }

    /** Every bundle holding a slot, of this incarnation and earlier ones. */
    public List<B> all() {
        List<B> all = new java.util.ArrayList<>(current);
        all.addAll(leftovers);
        return all;
    }

    /** Slots held, leftovers included. Any thread. */
    public int busy() {
        return busy;
    }

    /** Slots held by bundles of earlier incarnations. Any thread. */
    public int leftover() {
        return leftover;
    }

    private void counted() {
        busy = current.size() + leftovers.size();
        leftover = leftovers.size();
    }
}
