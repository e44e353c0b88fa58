package io.gristmill.coordinator.internal.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bad-node exclusion (Spark's {@code excludeOnFailure}, Hadoop's failures per node): a worker on which attempts of
 * {@value #TASKS_PER_JOB} different tasks of one job FAILED gets no more tasks of that job; a worker on which
 * attempts of {@value #JOBS_PER_WORKER} different jobs failed within {@link #WINDOW_MILLIS} gets no tasks at all
 * for {@link #WINDOW_MILLIS} from that failure on. Time is given by the caller (a clock the tests
 * advance). Confined to the coordinator context.
 */
public final class Exclusions {
    public static final int TASKS_PER_JOB = 2;
    public static final int JOBS_PER_WORKER = 3;
    public static final long WINDOW_MILLIS = 10 * 60_000;

    // job -> worker -> tasks that failed there
    private final Map<String, Map<String, Set<String>>> failedTasks = new HashMap<>();
    // worker -> job -> when an attempt of that job last failed there
    private final Map<String, Map<String, Long>> failedJobs = new HashMap<>();
    // worker -> until when it runs no task at all
    private final Map<String, Long> excludedUntil = new HashMap<>();

    /** An attempt of {@code taskId} of {@code jobId} FAILED on {@code workerId} at {@code nowMillis}. */
    public void failed(String jobId, String taskId, String workerId, long nowMillis) {
        failedTasks.computeIfAbsent(jobId, j -> new HashMap<>()).computeIfAbsent(workerId, w -> new HashSet<>())
                .add(taskId);
        Map<String, Long> jobs = failedJobs.computeIfAbsent(workerId, w -> new HashMap<>());
        jobs.put(jobId, nowMillis);
        jobs.values().removeIf(at -> nowMillis - at >= WINDOW_MILLIS);
        if (jobs.size() >= JOBS_PER_WORKER && !excludedUntil.containsKey(workerId)
                || jobs.size() >= JOBS_PER_WORKER && excludedUntil.get(workerId) <= nowMillis) {
            excludedUntil.put(workerId, nowMillis + WINDOW_MILLIS);
            jobs.clear(); // a new exclusion needs three new jobs failing
        }
    }

    /** Why {@code workerId} may not run tasks of {@code jobId} now, or empty if it may. */
    public Optional<String> reason(String jobId, String workerId, long nowMillis) {
        Optional<String> forJob = jobReason(jobId, workerId);
        return forJob.isPresent() ? forJob : globalReason(workerId, nowMillis);
    }

    /** Why {@code workerId} was excluded from {@code jobId} itself (failures of that job's tasks), or empty. */
    public Optional<String> jobReason(String jobId, String workerId) {
        Set<String> tasks = failedTasks.getOrDefault(jobId, Map.of()).getOrDefault(workerId, Set.of());
        if (tasks.size() < TASKS_PER_JOB) {
            return Optional.empty();
        }
        return Optional.of("excluded from job " + jobId + ": attempts of " + tasks.size()
                + " of its tasks failed there (" + String.join(", ", tasks.stream().sorted().toList()) + ")");
    }

    /**
     * The workers that may be excluded from {@code jobId} (by {@link #jobReason} or {@link #globalReason}): those where
     * an attempt of it failed and those excluded from every job, sorted by id; the others never are.
     */
    public java.util.SortedSet<String> candidates(String jobId) {
        java.util.SortedSet<String> candidates = new java.util.TreeSet<>(excludedUntil.keySet());
        candidates.addAll(failedTasks.getOrDefault(jobId, Map.of()).keySet());
        return candidates;
    }

    /** Why {@code workerId} may run no task at all now, or empty if it may. */
    public Optional<String> globalReason(String workerId, long nowMillis) {
        Long until = excludedUntil.get(workerId);
        if (until == null || until <= nowMillis) {
            return Optional.empty();
        }
        return Optional.of("excluded from every job for " + (until - nowMillis + 999) / 1000 + " s more: attempts of "
                + JOBS_PER_WORKER + " different jobs failed there within " + WINDOW_MILLIS / 60_000 + " minutes");
    }

}
