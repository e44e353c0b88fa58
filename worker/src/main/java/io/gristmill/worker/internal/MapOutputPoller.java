package io.gristmill.worker.internal;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.MapOutputChangesCodec;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputsWanted;
import io.gristmill.cluster.Messages.OutputHost;
import io.gristmill.cluster.TaskType;
import io.gristmill.worker.internal.shuffle.MapOutputRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running reducer's {@link ReduceInputs} current: reads its job's map output log on the coordinator
 * ({@link Addresses#MAP_OUTPUTS}) from where it stands, one slice per request, and asks again at once; when it has
 * read everything the coordinator holds the request until there is news. It stops once the reducer has fetched what
 * it needs, or the coordinator says the attempt (or this worker's epoch) is no longer current; a request that got
 * no answer is repeated from the same position after a pause. Runs on the worker's event loop.
 */
public final class MapOutputPoller {
    private static final Logger log = LoggerFactory.getLogger(MapOutputPoller.class);
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 1_000;

    private final Vertx vertx;
    private final CoordinatorClient coordinator;
    private final MapOutputRegistry ownOutputs;

    /** @param ownOutputs this process's map outputs, whose files a reducer here reads in place */
    public MapOutputPoller(Vertx vertx, CoordinatorClient coordinator, MapOutputRegistry ownOutputs) {
        this.vertx = vertx;
        this.coordinator = coordinator;
        this.ownOutputs = ownOutputs;
    }

    /** Starts following the map outputs for reduce attempt {@code ref}, run by worker (incarnation) {@code workerId}. */
    public void follow(AttemptRef ref, String workerId, ReduceInputs inputs) {
        read(ref, workerId, inputs, 0);
    }

    private void read(AttemptRef ref, String workerId, ReduceInputs inputs, int from) {
        if (!inputs.wanted()) {
            return;
        }
        long wait = coordinator.timeoutMillis() / 2; // held at most this long, answered well within the timeout
        coordinator.request(Addresses.MAP_OUTPUTS, new MapOutputsWanted(ref, workerId, from, wait),
                        coordinator.timeoutMillis())
                .onSuccess(body -> {
                    MapOutputChanges changes = MapOutputChangesCodec.decode(body);
                    apply(ref.jobId(), changes, inputs);
                    read(ref, workerId, inputs, changes.next());
                })
                .onFailure(e -> {
                    if (e instanceof ReplyException r && r.failureCode() >= FailureCode.BAD_REQUEST
                            && r.failureCode() != FailureCode.INTERNAL) {
                        log.debug("{} stops reading map outputs: {}", ref.attemptId(), e.getMessage());
                        return; // the attempt, worker or epoch is not current (or the request is wrong): no retry
                    }
                    // no coordinator answered (busy, or one taking over): the same position again, shortly
                    vertx.setTimer(PAUSE_AFTER_FAILURE_MILLIS, t -> read(ref, workerId, inputs, from));
                });
    }

    private void apply(String jobId, MapOutputChanges changes, ReduceInputs inputs) {
        for (MapOutputRun run : changes.runs()) {
            for (int i = 0; i < run.count(); i++) {
                if (run.obsolete()) {
                    inputs.obsolete(run.attempt(i));
                } else {
                    add(jobId, run.map(i), run.attempt(i), changes.hosts().get(run.host()), inputs);
                }
            }
        }
    }

    private void add(String jobId, int map, String attempt, OutputHost host, ReduceInputs inputs) {
        // attempt ids are unique within a job, so an output registered here is this process's, whichever
        // incarnation of the worker made it: its files are read in place
        MapOutputRegistry.Output own = ownOutputs.lookup(jobId, attempt);
        inputs.add(new MapOutputLocation(TaskType.MAP.taskId(map), attempt, host.workerId(),
                host.shuffleHost(), host.shufflePort(), own == null ? null : own.dataFile().toString(),
                own == null ? null : own.indexFile().toString()));
    }
}
