package io.gristmill.coordinator.internal.rules;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which straggler gets a backup attempt (Google MapReduce's backup tasks; Hadoop's speculator, which estimates
 * each attempt's finish from its progress rate). Asked only when a phase of a job has no pending task and slots are
 * free. An attempt is a straggler when its estimated total time — elapsed time divided by its progress — is more
 * than {@value #SLOWER_THAN_MEDIAN}× the median time of the tasks of its phase that finished, and it has already run
 * longer than that median; the stragglers expected to finish last get backups first. No peer finished yet, no
 * backup. At most a tenth of the cluster's slots (at least one) run backups at once.
 */
public final class Speculation {
    public static final double SLOWER_THAN_MEDIAN = 1.5;
    public static final double SHARE_OF_SLOTS = 0.10;
    /** Below this progress an attempt's rate says little; its estimate uses this floor. */
    private static final double MIN_PROGRESS = 0.01;

    private Speculation() {
    }

    /**
     * A running attempt that might be backed up.
     *
     * @param startedMillis when it started running
     * @param progress      0..1 as its worker reports it
     */
    public record Candidate<T>(T attempt, long startedMillis, double progress) {
    }

    /** How many backups may run at once on a cluster of {@code clusterSlots} slots. */
    public static int maxBackups(int clusterSlots) {
        return Math.max(1, (int) Math.floor(clusterSlots * SHARE_OF_SLOTS));
    }

    /**
     * The candidate to back up now, if any.
     *
     * @param running          attempts of one phase that run alone (none of them has a backup yet)
     * @param finishedMillis   how long the phase's finished tasks took
     * @param backupsRunning   backups running in the whole cluster
     */
    public static <T> Optional<Candidate<T>> pick(List<Candidate<T>> running, List<Long> finishedMillis,
                                                  long nowMillis, int backupsRunning, int clusterSlots) {
        return stragglers(running, finishedMillis.stream().mapToLong(Long::longValue).toArray(), nowMillis,
                backupsRunning, clusterSlots).stream().findFirst();
    }

    /**
     * Every candidate due a backup now, the one expected to finish last first, as many as the cap on backups still
     * allows: one look at a phase backs up all of its stragglers, rather than one look per backup (each look walks
     * the phase's attempts and sorts its finished times).
     *
     * @param finishedMillis how long the phase's finished tasks took (sorted here, in place)
     */
    public static <T> List<Candidate<T>> stragglers(List<Candidate<T>> running, long[] finishedMillis,
                                                    long nowMillis, int backupsRunning, int clusterSlots) {
        int room = maxBackups(clusterSlots) - backupsRunning;
        if (running.isEmpty() || finishedMillis.length == 0 || room <= 0) {
            return List.of();
        }
        double median = median(finishedMillis);
        return running.stream()
                .filter(c -> c.progress() > 0 // no progress reported yet: no rate to judge (the task timeout watches it)
                        && nowMillis - c.startedMillis() > median / 2 // too young to judge its rate
                        && estimatedTotal(c, nowMillis) > SLOWER_THAN_MEDIAN * median
                        && estimatedLeft(c, nowMillis) > median)
                .sorted(Comparator.comparingDouble((Candidate<T> c) -> estimatedLeft(c, nowMillis)).reversed())
                .limit(room)
                .toList();
    }

    /** Elapsed time over progress: how long the attempt takes in all, at the rate it has gone so far. */
    static <T> double estimatedTotal(Candidate<T> candidate, long nowMillis) {
        return (nowMillis - candidate.startedMillis()) / Math.max(MIN_PROGRESS, Math.min(1.0, candidate.progress()));
    }

    /** How long the attempt still needs at the rate it has gone so far. */
    static <T> double estimatedLeft(Candidate<T> candidate, long nowMillis) {
        return estimatedTotal(candidate, nowMillis) - (nowMillis - candidate.startedMillis());
    }

    /** The median of {@code values}, which it sorts. */
    static double median(long[] values) {
        java.util.Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }
}
