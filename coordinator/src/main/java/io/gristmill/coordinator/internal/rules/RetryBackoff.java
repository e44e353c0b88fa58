package io.gristmill.coordinator.internal.rules;

/**
 * How long a task whose attempt FAILED waits before its next attempt: 1 s after the first failure, doubling with
 * each further one, at most 30 s — so a task failing for a passing reason (a full disk, a flaky service) does not
 * burn its attempts within a second.
 */
public final class RetryBackoff {
    public static final long FIRST_MILLIS = 1_000;
    public static final long MAX_MILLIS = 30_000;

    private RetryBackoff() {
    }

    /** The wait after the {@code failures}-th failure (1 for the first); 0 before any. */
    public static long delayMillis(int failures) {
        if (failures < 1) {
            return 0;
        }
        int doublings = Math.min(failures - 1, 30);
        return Math.min(MAX_MILLIS, FIRST_MILLIS << doublings);
    }
}
