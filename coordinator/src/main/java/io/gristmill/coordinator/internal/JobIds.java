package io.gristmill.coordinator.internal;

import java.util.function.LongSupplier;

/** Job ids {@code job-YYYYMMDD-HHMMSS-NNNN} (UTC), unique per coordinator. */
final class JobIds {
    private static final java.time.format.DateTimeFormatter FORMAT =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);
    private final LongSupplier clock;
    private int sequence;

    JobIds(LongSupplier clock) {
        this.clock = clock;
    }

    void skipPast(int count) {
        sequence = Math.max(sequence, count);
    }

    String next() {
        sequence++;
        return "job-" + FORMAT.format(java.time.Instant.ofEpochMilli(clock.getAsLong())) + "-" + String.format("%04d", sequence % 10000);
    }
}
