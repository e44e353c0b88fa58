package io.gristmill.coordinator.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputsChanged;
import io.gristmill.coordinator.internal.time.Timer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Tells running reducers which map outputs became ready or obsolete, in batches: what happened to a job's map outputs
 * in the last {@link #BATCH_MILLIS} goes to each of its running reducers in one message. One message per finished map
 * per running reducer would cost M × R messages per job (a billion for Google's M = 200,000, R = 5,000). Within a
 * batch, ready outputs are listed before obsolete ones; a reducer applies them in that order and keys outputs by map
 * task, so a batch holding both the ready and the obsolete event of one attempt leaves that attempt out. Part of the
 * {@link JobTracker}'s state, on the coordinator context.
 */
final class MapOutputAnnouncer {
    /** How long changes collect before they are sent: far below a reducer's fetch time, far above a map's. */
    static final long BATCH_MILLIS = 100;

    private final Timer timer;
    private final BiConsumer<AttemptRecord, MapOutputsChanged> send;
    private final Function<AttemptRecord, io.gristmill.cluster.Messages.AttemptRef> refOf;
    private final Map<JobExecution, Changes> pending = new LinkedHashMap<>();
    private Timer.Scheduled flush;

    private static final class Changes {
        final List<MapOutputLocation> ready = new ArrayList<>();
        final List<String> obsolete = new ArrayList<>();
    }

    /**
     * @param send  sends one message to the worker of a running reduce attempt
     * @param refOf the reference a message about that attempt carries (with the current epoch)
     */
    MapOutputAnnouncer(Timer timer, BiConsumer<AttemptRecord, MapOutputsChanged> send,
                       Function<AttemptRecord, io.gristmill.cluster.Messages.AttemptRef> refOf) {
        this.timer = timer;
        this.send = send;
        this.refOf = refOf;
    }

    void ready(JobExecution job, MapOutputLocation location) {
        changes(job).ready.add(location);
    }

    void obsolete(JobExecution job, String mapAttemptId) {
        changes(job).obsolete.add(mapAttemptId);
    }

    private Changes changes(JobExecution job) {
        if (flush == null) {
            flush = timer.schedule(BATCH_MILLIS, this::flush);
        }
        return pending.computeIfAbsent(job, j -> new Changes());
    }

    /** Sends what collected: one message per running reduce attempt of each job that changed. */
    void flush() {
        flush = null;
        for (Map.Entry<JobExecution, Changes> e : pending.entrySet()) {
            Changes changes = e.getValue();
            for (TaskRecord reduce : e.getKey().reduces()) {
                for (AttemptRecord active : reduce.activeAttempts()) {
                    send.accept(active, new MapOutputsChanged(refOf.apply(active), List.copyOf(changes.ready),
                            List.copyOf(changes.obsolete)));
                }
            }
        }
        pending.clear();
    }
}
