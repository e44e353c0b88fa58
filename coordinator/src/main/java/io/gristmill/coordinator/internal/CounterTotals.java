package io.gristmill.coordinator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's counters kept up to date as its tasks' successful attempts come and go: each successful attempt's
 * counters are added when it becomes its task's success and taken away when it stops being one (a lost map
 * output, or counters that change), so reading the job's counters costs the number of distinct counters, not the
 * number of tasks. The job status is read for every progress line of {@code gristmill local} (20 times a second),
 * every REST poll and every console refresh; summing the counters of 100,000 tasks at each read made that cost
 * grow with the job's size at every read.
 *
 * <p>A counter stays in the totals while at least one successful attempt reports it, even with the value 0, and
 * leaves them with the last one, as a sum over the current successes would. Mutated only on the coordinator
 * context.
 */
final class CounterTotals {
    /** One counter: its sum and how many successful attempts report it. */
    private static final class Total {
        long sum;
        int reporters;
    }

    private final Map<String, Map<String, Total>> groups = new LinkedHashMap<>();

    /** Adds the counters of an attempt that became its task's success. */
    void add(Map<String, Map<String, Long>> counters) {
        counters.forEach((group, values) -> values.forEach((name, value) -> {
            Total total = groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(name,
                    n -> new Total());
            total.sum += value;
            total.reporters++;
        }));
    }

    /** Takes away the counters of an attempt that is no longer its task's success (exactly those it added). */
    void remove(Map<String, Map<String, Long>> counters) {
        counters.forEach((group, values) -> values.forEach((name, value) -> {
            Map<String, Total> totals = groups.get(group);
            Total total = totals == null ? null : totals.get(name);
            if (total == null) {
                throw new IllegalStateException("counter " + group + "/" + name + " taken away but never added");
            }
            total.sum -= value;
            if (--total.reporters == 0) {
                totals.remove(name);
                if (totals.isEmpty()) {
                    groups.remove(group);
                }
            }
        }));
    }

    /** A copy of the totals by group, in the order the counters first appeared. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        groups.forEach((group, totals) -> {
            Map<String, Long> values = new LinkedHashMap<>();
            totals.forEach((name, total) -> values.put(name, total.sum));
            copy.put(group, values);
        });
        return copy;
    }
}
