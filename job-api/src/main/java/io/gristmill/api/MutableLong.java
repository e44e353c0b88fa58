package io.gristmill.api;

/** A reusable {@code long} holder, so a job can emit numbers without allocating per record. Not thread-safe. */
public final class MutableLong implements Comparable<MutableLong> {
    private long value;

    public MutableLong() {
    }

    public MutableLong(long value) {
        this.value = value;
    }

    public long get() {
        return value;
    }

    public MutableLong set(long newValue) {
        this.value = newValue;
        return this;
    }

    public MutableLong add(long delta) {
        this.value += delta;
        return this;
    }

    @Override
    public int compareTo(MutableLong o) {
        return Long.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MutableLong m && m.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
