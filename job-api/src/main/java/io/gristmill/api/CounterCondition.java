package io.gristmill.api;

import java.util.Map;
import java.util.Objects;

/**
 * When an iterated {@link Step} stops: a comparison of one counter of the round's job with a threshold, e.g. "the
 * counter {@code pagerank/changed} is at most 0". Declarative on purpose: the coordinator decides after each round
 * from the job's counters alone, so no job code runs in it. A counter the round never incremented is 0. Immutable.
 */
public final class CounterCondition {
    /** How the counter is compared with the threshold. */
    public enum Comparison {
        AT_MOST("<="),
        AT_LEAST(">=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final String group;
    private final String name;
    private final Comparison comparison;
    private final long threshold;

    private CounterCondition(String group, String name, Comparison comparison, long threshold) {
        this.group = requireText(group, "counter group");
        this.name = requireText(name, "counter name");
        this.comparison = Objects.requireNonNull(comparison, "comparison");
        this.threshold = threshold;
    }

    /** Holds once counter {@code group/name} is {@code <= threshold}. */
    public static CounterCondition atMost(String group, String name, long threshold) {
        return new CounterCondition(group, name, Comparison.AT_MOST, threshold);
    }

    /** Holds once counter {@code group/name} is {@code >= threshold}. */
    public static CounterCondition atLeast(String group, String name, long threshold) {
        return new CounterCondition(group, name, Comparison.AT_LEAST, threshold);
    }

    /** The condition with these parts, e.g. as read back from its description. */
    public static CounterCondition of(String group, String name, Comparison comparison, long threshold) {
        return new CounterCondition(group, name, comparison, threshold);
    }

    public String group() {
        return group;
    }

    public String name() {
        return name;
    }

    public Comparison comparison() {
        return comparison;
    }

    public long threshold() {
        return threshold;
    }

    /** Whether the condition holds for a counter value. */
    public boolean holds(long value) {
        return comparison == Comparison.AT_MOST ? value <= threshold : value >= threshold;
    }

    /** Whether the condition holds for a job's counters (group, then name); a missing counter is 0. */
    public boolean holds(Map<String, ? extends Map<String, Long>> counters) {
        Map<String, Long> inGroup = counters.get(group);
        Long value = inGroup == null ? null : inGroup.get(name);
        return holds(value == null ? 0 : value);
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CounterCondition other && group.equals(other.group) && name.equals(other.name)
                && comparison == other.comparison && threshold == other.threshold;
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, name, comparison, threshold);
    }

    @Override
    public String toString() {
        return group + "/" + name + " " + comparison.symbol() + " " + threshold;
    }
}
