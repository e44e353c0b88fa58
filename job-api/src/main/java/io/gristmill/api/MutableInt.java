package io.gristmill.api;

/**
 * A reusable {@code int} holder, so a job can emit numbers without allocating per record. Encoded by
 * {@link Serdes#mutableInts()} like {@link Serdes#ints()}. Not thread-safe: confine it to one task thread.
 */
public final class MutableInt implements Comparable<MutableInt> {
    private int value;

    public MutableInt() {
    }

    public MutableInt(int value) {
        this.value = value;
    }

    public int get() {
        return value;
    }

    public MutableInt set(int newValue) {
        this.value = newValue;
        return this;
    }

    public MutableInt add(int delta) {
        this.value += delta;
        return this;
    }

    @Override
    public int compareTo(MutableInt o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MutableInt m && m.value == value;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
