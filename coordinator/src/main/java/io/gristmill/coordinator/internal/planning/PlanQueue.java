package io.gristmill.coordinator.internal.planning;

import io.gristmill.coordinator.internal.time.Timer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Plans jobs through a {@link PlanRunner}, at most {@code maxRunning} at a time (the others wait in order), each
 * under its own time limit counted from when it starts. Confined to the coordinator's context: every method runs on
 * it, and results come back to it through {@code context}.
 */
public final class PlanQueue {
    private final PlanRunner runner;
    private final Timer timer;
    private final Executor context;
    private final int maxRunning;
    private final Deque<Entry> waiting = new ArrayDeque<>();
    private final Map<String, Entry> running = new HashMap<>();

    /**
     * @param context runs a callback on the coordinator's context (results complete on the runner's threads)
     */
    public PlanQueue(PlanRunner runner, Timer timer, Executor context, int maxRunning) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be at least 1, got " + maxRunning);
        }
        this.runner = runner;
        this.timer = timer;
        this.context = context;
        this.maxRunning = maxRunning;
    }

    /**
     * Plans {@code request} for job {@code jobId}; {@code done} gets the plan or a {@link PlanningFailedException},
     * on the context, exactly once — unless the job is {@linkplain #cancel cancelled} first.
     *
     * @param timeout how long the planning may run once started; zero or negative means no limit
     */
    public void submit(String jobId, PlanRequest request, Duration timeout,
                       BiConsumer<PlanResult, PlanningFailedException> done) {
        waiting.add(new Entry(jobId, request, timeout, done));
        startWaiting();
    }

    /** Forgets job {@code jobId}: dropped if waiting, killed if running; its callback is not called. */
    public void cancel(String jobId) {
        waiting.removeIf(entry -> entry.jobId.equals(jobId));
        Entry entry = running.remove(jobId);
        if (entry != null) {
            entry.stop("the job was cancelled");
            startWaiting();
        }
    }

    /** How many plannings run now. */
    public int running() {
        return running.size();
    }

    /** How many wait for a turn. */
    public int waiting() {
        return waiting.size();
    }

    private void startWaiting() {
        while (running.size() < maxRunning && !waiting.isEmpty()) {
            Entry entry = waiting.poll();
            running.put(entry.jobId, entry);
            entry.start();
        }
    }

    private void finished(Entry entry, PlanResult result, PlanningFailedException failure) {
        if (running.get(entry.jobId) != entry) {
            return; // cancelled meanwhile
        }
        running.remove(entry.jobId);
        entry.stopTimer();
        startWaiting();
        entry.done.accept(result, failure);
    }

    private final class Entry {
        final String jobId;
        final PlanRequest request;
        final Duration timeout;
        final BiConsumer<PlanResult, PlanningFailedException> done;
        PlanRunner.Planning planning;
        Timer.Scheduled deadline;

        Entry(String jobId, PlanRequest request, Duration timeout,
              BiConsumer<PlanResult, PlanningFailedException> done) {
            this.jobId = jobId;
            this.request = request;
            this.timeout = timeout;
            this.done = done;
        }

        void start() {
            planning = runner.start(request);
            if (timeout.toMillis() > 0) {
                deadline = timer.schedule(timeout.toMillis(), this::timedOut);
            }
            planning.result().whenComplete((result, error) -> context.execute(() ->
                    finished(this, result, error == null ? null : asPlanningFailure(error))));
        }

        void timedOut() {
            if (running.get(jobId) != this) {
                return;
            }
            String reason = "planning took longer than planTimeout " + describe(timeout)
                    + " (the job's constructor, plan() and define() ran in a planning process, now killed)";
            planning.kill(reason);
            finished(this, null, new PlanningFailedException(reason, null));
        }

        void stop(String reason) {
            stopTimer();
            planning.kill(reason);
        }

        void stopTimer() {
            if (deadline != null) {
                deadline.cancel();
            }
        }
    }

    private static PlanningFailedException asPlanningFailure(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause instanceof PlanningFailedException failure ? failure
                : new PlanningFailedException("planning failed: " + cause, null);
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
