package io.gristmill.simulator;

import java.util.Random;

/**
 * How long a simulated task "runs": a base time, fixed ({@code 50}) or uniform in a range ({@code 20-80}), in
 * milliseconds, and a share of stragglers that take a multiple of it ({@code 0.01x10}: 1% of attempts take 10x).
 * Parsed from the command line ({@code --task-millis}, {@code --stragglers}).
 */
record TaskTimeModel(long minMillis, long maxMillis, double stragglerShare, double stragglerFactor) {
    TaskTimeModel {
        if (minMillis < 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("task time range " + minMillis + "-" + maxMillis + " ms is empty");
        }
        if (stragglerShare < 0 || stragglerShare > 1 || stragglerFactor < 1) {
            throw new IllegalArgumentException("stragglers: a share in [0, 1] and a factor >= 1, e.g. 0.01x10");
        }
    }

    static final TaskTimeModel ZERO = new TaskTimeModel(0, 0, 0, 1);

    /** @param millis {@code N} or {@code MIN-MAX}; @param stragglers {@code SHARExFACTOR} or null for none */
    static TaskTimeModel parse(String millis, String stragglers) {
        String[] range = millis.trim().split("-", 2);
        long min = Long.parseLong(range[0].trim());
        long max = range.length == 2 ? Long.parseLong(range[1].trim()) : min;
        if (stragglers == null || stragglers.isBlank()) {
            return new TaskTimeModel(min, max, 0, 1);
        }
        String[] parts = stragglers.toLowerCase(java.util.Locale.ROOT).split("x", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--stragglers SHARExFACTOR, e.g. 0.01x10, got " + stragglers);
        }
        return new TaskTimeModel(min, max, Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
    }

    /** The {@code --task-millis} text that parses back to this time (a child JVM gets it so). */
    String spec() {
        return minMillis == maxMillis ? Long.toString(minMillis) : minMillis + "-" + maxMillis;
    }

    /** The {@code --stragglers} text that parses back to these stragglers, or {@code -} for none. */
    String stragglerSpec() {
        return stragglerShare > 0 ? stragglerShare + "x" + stragglerFactor : "-";
    }

    long sample(Random random) {
        long base = minMillis == maxMillis ? minMillis : minMillis + (long) (random.nextDouble() * (maxMillis - minMillis + 1));
        return stragglerShare > 0 && random.nextDouble() < stragglerShare ? Math.round(base * stragglerFactor) : base;
    }

    @Override
    public String toString() {
        String base = minMillis == maxMillis ? minMillis + " ms" : minMillis + "-" + maxMillis + " ms";
        return stragglerShare > 0 ? base + ", " + stragglerShare * 100 + "% x" + stragglerFactor : base;
    }
}
