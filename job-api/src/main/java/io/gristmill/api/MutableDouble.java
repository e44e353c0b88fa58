package io.gristmill.api;

/**
 * A reusable {@code double} holder, so a job can emit numbers without allocating per record. Encoded by
 * {@link Serdes#mutableDoubles()} like {@link Serdes#doubles()}. Ordering and equality follow
 * {@link Double#compare}: {@code -0.0 < 0.0} and NaN equals NaN. Not thread-safe: confine it to one task thread.
 */
public final class MutableDouble implements Comparable<MutableDouble> {
    private double value;

    public MutableDouble() {
    }

    public MutableDouble(double value) {
        this.value = value;
    }

    public double get() {
        return value;
    }

    public MutableDouble set(double newValue) {
        this.value = newValue;
        return this;
    }

    public MutableDouble add(double delta) {
        this.value += delta;
        return this;
    }

    @Override
    public int compareTo(MutableDouble o) {
        return Double.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MutableDouble m && Double.compare(m.value, value) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    @Override
    public String toString() {
        return Double.toString(value);
    }
}
