package io.gristmill.worker.internal;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.MapOutputChangesCodec;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.MapOutputsWanted;
import io.gristmill.cluster.Messages.OutputHost;
import io.gristmill.cluster.TaskType;
import io.gristmill.worker.internal.shuffle.MapOutputRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps this worker process's view of each job's map outputs ({@link JobMapOutputs}) current while a reducer of the
 * job here still needs it: reads the job's map output log on the coordinator ({@link Addresses#MAP_OUTPUTS}) from
 * where it stands, one slice per request, and asks again at once; when it has read everything the coordinator holds
 * the request until there is news.
 *
 * <p>The log is read <b>once per worker process and job</b>, not once per reducer: every reduce attempt of the job
 * on this worker shares the view, and one launched later starts from what is already known. The log is the same
 * for every reducer of a job (only its position differs), and at M = 200,000 it is about 650 KiB, so a worker
 * running several reducers of a job would otherwise have it sent several times.
 *
 * <p>A request names one of the job's reducers here that still wants news, because the coordinator answers only
 * for a current reduce attempt; if it says that one is not current any more (or this worker's epoch is not), the
 * next one is tried, and reading stops when none is left — to go on from the same position when another reducer
 * of the job starts here. A request that got no answer is repeated from the same position after a pause. The view
 * is dropped when the job ends or this worker registers again under a new incarnation or epoch, whose log
 * positions mean nothing to the new coordinator. Runs on the worker's event loop.
 */
public final class MapOutputPoller {
    private static final Logger log = LoggerFactory.getLogger(MapOutputPoller.class);
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 1_000;

    /** A reduce attempt that reads map outputs: its identity, and whether it still wants to hear of them. */
    public interface Reader {
        AttemptRef ref();

        boolean wantsMapOutputs();
    }

    private final Vertx vertx;
    private final CoordinatorClient coordinator;
    private final MapOutputRegistry ownOutputs;
    private final Map<String, JobLogReader> jobs = new HashMap<>(); // by job id, for the current incarnation only

    /** @param ownOutputs this process's map outputs, whose files a reducer here reads in place */
    public MapOutputPoller(Vertx vertx, CoordinatorClient coordinator, MapOutputRegistry ownOutputs) {
        this.vertx = vertx;
        this.coordinator = coordinator;
        this.ownOutputs = ownOutputs;
    }

    /** The shared view of the map outputs of reduce attempt {@code ref}'s job, run by worker {@code workerId}. */
    public JobMapOutputs outputsOf(AttemptRef ref, String workerId, int numMaps) {
        return reader(ref, workerId, numMaps).outputs;
    }

    /**
     * Keeps {@code reducer}'s view current (see {@link #outputsOf}) until it has fetched what it needs. Returns how
     * many replies the view must have applied before the reducer may trust it: if nobody was reading the log, the
     * view may be old (outputs lost since), so the reducer waits for the reply to a request sent now, which the
     * coordinator answers at once; if a request was out, the view is as current as the coordinator's news.
     */
    public long follow(Reader reducer, String workerId) {
        JobLogReader job = jobs.get(reducer.ref().jobId());
        if (job == null || !job.isOf(reducer.ref(), workerId)) {
            throw new IllegalStateException("no map output view for " + reducer.ref() + ": outputsOf comes first");
        }
        job.readers.add(reducer);
        if (job.reading) {
            return job.outputs.answers();
        }
        long needed = job.outputs.answers() + 1;
        job.catchingUp = true;
        read(job);
        return needed;
    }

    /** The job ended: its view is not needed again. */
    public void jobEnded(String jobId) {
        JobLogReader job = jobs.remove(jobId);
        if (job != null) {
            job.ended = true;
        }
    }

    private JobLogReader reader(AttemptRef ref, String workerId, int numMaps) {
        JobLogReader job = jobs.get(ref.jobId());
        if (job != null && job.isOf(ref, workerId)) {
            return job;
        }
        // a new incarnation or epoch (this job's view too, if it has one): every view read under the old one is
        // dropped, its positions being the old log's
        jobs.values().removeIf(other -> {
            boolean stale = !other.workerId.equals(workerId) || !other.epoch.equals(ref.epoch());
            other.ended |= stale;
            return stale;
        });
        job = new JobLogReader(ref.jobId(), ref.epoch(), workerId, new JobMapOutputs(numMaps));
        jobs.put(ref.jobId(), job);
        return job;
    }

    /**
     * Whether this worker reads {@code jobId}'s log now: a request is out, or is sent as soon as an answer is applied.
     * For tests, which wait for reading to stop instead of watching for a request that should not come.
     */
    boolean isReading(String jobId) {
        JobLogReader job = jobs.get(jobId);
        return job != null && job.reading;
    }

    private void read(JobLogReader job) {
        Reader reducer = job.anyReaderWanting();
        job.reading = reducer != null && !job.ended;
        if (!job.reading) {
            return; // from job.next on again once another reducer of the job starts here
        }
        // held at most half the timeout, so answered well within it; a view catching up must not be held at all
        long wait = job.catchingUp ? 0 : coordinator.timeoutMillis() / 2;
        coordinator.request(Addresses.MAP_OUTPUTS, new MapOutputsWanted(reducer.ref(), job.workerId, job.next, wait),
                        coordinator.timeoutMillis())
                .onSuccess(body -> {
                    if (job.ended) {
                        return;
                    }
                    take(job, MapOutputChangesCodec.decode(body));
                    read(job);
                })
                .onFailure(e -> {
                    if (e instanceof ReplyException r && r.failureCode() >= FailureCode.BAD_REQUEST
                            && r.failureCode() != FailureCode.INTERNAL) {
                        // that attempt, this worker or its epoch is not current (or the request is wrong): ask
                        // for another reducer of the job, if one is left
                        log.debug("{} stops reading map outputs: {}", reducer.ref().attemptId(), e.getMessage());
                        job.readers.remove(reducer);
                        read(job);
                        return;
                    }
                    // no coordinator answered (busy, or one taking over): the same position again, shortly
                    vertx.setTimer(PAUSE_AFTER_FAILURE_MILLIS, t -> read(job));
                });
    }

    /** Applies a reply to the job's view and moves on to its position. */
    private void take(JobLogReader job, MapOutputChanges changes) {
        if (changes.firstHost() > job.hosts.size()) {
            // hosts this view never had: cannot happen while positions and hosts agree; read afresh
            log.warn("map output log of {}: hosts from {} on, but {} known; reading it again from the start",
                    job.jobId, changes.firstHost(), job.hosts.size());
            job.hosts.clear();
            job.next = 0;
            return;
        }
        // the hosts this view already has (a slice read again) are skipped
        for (int i = Math.max(0, job.hosts.size() - changes.firstHost()); i < changes.hosts().size(); i++) {
            job.hosts.add(changes.hosts().get(i));
        }
        apply(job, changes);
        job.next = changes.next();
        job.catchingUp = false;
        job.outputs.answered();
    }

    private void apply(JobLogReader job, MapOutputChanges changes) {
        for (MapOutputRun run : changes.runs()) {
            for (int i = 0; i < run.count(); i++) {
                if (run.obsolete()) {
                    job.outputs.obsolete(run.attempt(i));
                } else {
                    add(job, run.map(i), run.attempt(i), job.hosts.get(run.host()));
                }
            }
        }
    }

    private void add(JobLogReader job, int map, String attempt, OutputHost host) {
        // attempt ids are unique within a job, so an output registered here is this process's, whichever
        // incarnation of the worker made it: its files are read in place
        MapOutputRegistry.Output own = ownOutputs.lookup(job.jobId, attempt);
        job.outputs.add(new MapOutputLocation(TaskType.MAP.taskId(map), attempt, host.workerId(),
                host.shuffleHost(), host.shufflePort(), own == null ? null : own.dataFile().toString(),
                own == null ? null : own.indexFile().toString()));
    }

    /** One job's log as read under one worker incarnation and epoch: the view, the position, its reducers here. */
    private static final class JobLogReader {
        final String jobId;
        final String epoch;
        final String workerId;
        final JobMapOutputs outputs;
        final List<Reader> readers = new ArrayList<>();
        final List<OutputHost> hosts = new ArrayList<>(); // the job's workers by job-wide number, as read so far
        int next;
        boolean reading;
        boolean catchingUp; // the next request must be answered at once (see follow)
        boolean ended;

        JobLogReader(String jobId, String epoch, String workerId, JobMapOutputs outputs) {
            this.jobId = jobId;
            this.epoch = epoch;
            this.workerId = workerId;
            this.outputs = outputs;
        }

        boolean isOf(AttemptRef ref, String workerId) {
            return !ended && this.workerId.equals(workerId) && epoch.equals(ref.epoch());
        }

        /** A reducer that still wants news; forgets those that do not. */
        Reader anyReaderWanting() {
            readers.removeIf(reader -> !reader.wantsMapOutputs());
            return readers.isEmpty() ? null : readers.get(0);
        }
    }
}
