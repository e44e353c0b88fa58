package io.gristmill.coordinator.internal;

import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.MapOutputChangesCodec;
import io.gristmill.cluster.Messages.MapOutputChange;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.OutputHost;
import io.gristmill.coordinator.internal.time.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How reducers learn which map outputs to fetch. Each job has an append-only log of changes — a map task's output is
 * now this attempt's, on this worker; or this attempt's output is obsolete — and a running reducer's worker reads
 * it from its own position on, one slice per request ({@link io.gristmill.cluster.Addresses#MAP_OUTPUTS}). Nothing
 * is pushed and the RUN message lists no output, so a reduce attempt costs O(1) messages to launch and each reply is
 * bounded, however large M is; a lost reply only delays the reducer, which asks again from where it stood.
 *
 * <p>A reducer that has read everything is held (a long poll) until there is news. News collects for
 * {@link #BATCH_MILLIS} before the held requests are answered, so that while maps finish one after another each
 * reducer gets a few messages a second, not one per map. Slices start at multiples of {@link #SLICE} where they can,
 * and a full slice is encoded once and its bytes shared by every reducer that reads it. A slice travels in runs of
 * consecutive maps ({@link MapOutputChangesCodec}), so its bytes grow with the bundles of maps, not with the maps.
 *
 * <p>Part of the {@link JobTracker}'s state, on the coordinator context.
 */
final class MapOutputFeed {
    /** How long news collects before held requests are answered: far below a reducer's fetch time. */
    static final long BATCH_MILLIS = 100;
    /**
     * Changes per reply at most: at most about 256 KiB when no two changes form a run (up to 8 bytes each, plus the
     * workers the slice introduces), usually some 30 KiB (bundles of maps travel as one run each). Reducers start once
     * every map has succeeded, so every worker reads the whole log at once: at M = 200,000 and 2,000 workers, slices
     * of 8,192 changes made 50,000 replies in a burst that kept 4,000 reducers waiting 20 s.
     */
    static final int SLICE = 32_768;

    private final Timer timer;
    private final Map<JobExecution, JobLog> logs = new HashMap<>();
    private Timer.Scheduled flush;

    MapOutputFeed(Timer timer) {
        this.timer = timer;
    }

    /** A held request: answered at the next flush with news, or empty once its wait is over. */
    private static final class Waiter {
        final int from;
        final Promise<Buffer> reply = Promise.promise();
        Timer.Scheduled expiry;

        Waiter(int from) {
            this.from = from;
        }
    }

    /** One job's changes, the workers they refer to, the encoded slices and the held requests. */
    private static final class JobLog {
        // one run of one change each, its attempt id parsed once here rather than at every read;
        // host = index into hosts, or OBSOLETE
        final List<MapOutputRun> changes = new ArrayList<>();
        // the workers in the order of their first change: a slice sends only those it introduces (see the codec)
        final List<OutputHost> hosts = new ArrayList<>();
        final List<Integer> hostFirstChange = new ArrayList<>(); // per host, the position of its first change
        final Map<String, Integer> hostIndex = new HashMap<>();
        final Map<Integer, Buffer> fullSlices = new HashMap<>();
        final java.util.Set<Waiter> waiting = new java.util.LinkedHashSet<>();
        // the last partial slice encoded, valid while the log has not grown: every reducer launched after the last
        // map reads the log's tail from the same position
        int partialFrom = -1;
        int partialTo = -1;
        Buffer partial;

        /** The job-wide number of the worker of {@code location}, which the change about to be added names. */
        int host(MapOutputLocation location) {
            return hostIndex.computeIfAbsent(location.workerId(), id -> {
                hosts.add(new OutputHost(id, location.shuffleHost(), location.shufflePort()));
                hostFirstChange.add(changes.size());
                return hosts.size() - 1;
            });
        }

        /** How many workers had their first change before position {@code position}. */
        int hostsBefore(int position) {
            int index = java.util.Collections.binarySearch(hostFirstChange, position);
            return index >= 0 ? index : -index - 1; // first changes are distinct and increasing
        }

        /** Changes [from, end of from's slice or of the log); the bytes of a full slice are kept. */
        Buffer slice(int from) {
            int sliceEnd = (from / SLICE + 1) * SLICE;
            boolean full = from % SLICE == 0 && changes.size() >= sliceEnd;
            if (full && fullSlices.containsKey(from)) {
                return fullSlices.get(from);
            }
            int to = Math.min(sliceEnd, changes.size());
            if (!full && from == partialFrom && to == partialTo) {
                return partial;
            }
            // a reader at `from` has had every worker whose first change lies before it
            int firstHost = hostsBefore(from);
            Buffer bytes = MapOutputChangesCodec.encode(new MapOutputChanges(to, firstHost,
                    List.copyOf(hosts.subList(firstHost, hostsBefore(to))),
                    MapOutputChangesCodec.merge(changes.subList(from, to))));
            if (full) {
                fullSlices.put(from, bytes);
            } else {
                partialFrom = from;
                partialTo = to;
                partial = bytes;
            }
            return bytes;
        }

        void add(MapOutputChange change) {
            changes.add(MapOutputChangesCodec.single(change));
        }
    }

    /** A map attempt's output is ready: reducers fetch it (instead of any earlier output of its task). */
    void ready(JobExecution job, int mapIndex, MapOutputLocation location) {
        JobLog log = log(job);
        log.add(new MapOutputChange(mapIndex, location.attemptId(), log.host(location)));
        news();
    }

    /** A map attempt's output is lost or superseded: reducers stop fetching it and wait for its task's next one. */
    void obsolete(JobExecution job, int mapIndex, String mapAttemptId) {
        log(job).add(new MapOutputChange(mapIndex, mapAttemptId, MapOutputChange.OBSOLETE));
        news();
    }

    /**
     * Answers a reducer's request for the changes from {@code from} on: at once if there are any, else once there are
     * (at the next flush) or, empty, after {@code waitMillis}.
     */
    Future<Buffer> read(JobExecution job, int from, long waitMillis) {
        JobLog log = log(job);
        if (from < 0 || from > log.changes.size()) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, FailureCode.BAD_REQUEST,
                    "no position " + from + " in the map output log of " + job.id() + " (" + log.changes.size()
                            + " changes)"));
        }
        if (from < log.changes.size()) {
            return Future.succeededFuture(log.slice(from));
        }
        Waiter waiter = new Waiter(from);
        log.waiting.add(waiter);
        waiter.expiry = timer.schedule(Math.max(0, waitMillis), () -> {
            if (log.waiting.remove(waiter)) {
                waiter.reply.tryComplete(MapOutputChangesCodec.encode(new MapOutputChanges(from, 0, List.of(), List.of())));
            }
        });
        return waiter.reply.future();
    }

    /** The job ended: its held requests fail (their attempts are being stopped) and its log is dropped. */
    void jobEnded(JobExecution job) {
        JobLog log = logs.remove(job);
        if (log == null) {
            return;
        }
        for (Waiter waiter : log.waiting) {
            waiter.expiry.cancel();
            waiter.reply.tryFail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, FailureCode.STALE_ATTEMPT,
                    "job " + job.id() + " ended"));
        }
    }

    /** How many changes the job's log holds (for tests and the simulator's figures). */
    int size(JobExecution job) {
        JobLog log = logs.get(job);
        return log == null ? 0 : log.changes.size();
    }

    private JobLog log(JobExecution job) {
        return logs.computeIfAbsent(job, j -> new JobLog());
    }

    private void news() {
        if (flush == null) {
            flush = timer.schedule(BATCH_MILLIS, this::flush);
        }
    }

    /** Answers every held request that now has news. */
    void flush() {
        flush = null;
        for (JobLog log : logs.values()) {
            if (log.waiting.isEmpty()) {
                continue;
            }
            Map<Integer, Buffer> replies = new HashMap<>(); // held requests mostly stand at the same position
            List<Waiter> still = new ArrayList<>();
            for (Waiter waiter : log.waiting) {
                if (waiter.from < log.changes.size()) {
                    waiter.expiry.cancel();
                    waiter.reply.tryComplete(replies.computeIfAbsent(waiter.from, log::slice));
                } else {
                    still.add(waiter);
                }
            }
            log.waiting.clear();
            log.waiting.addAll(still);
        }
    }
}
