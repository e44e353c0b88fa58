package io.gristmill.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gristmill.api.InputSplit;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The message records exchanged over the event bus, as bytes ({@link #encode}/{@link #decode}) so that they cross a
 * clustered event bus without a registered codec. Most travel as JSON; the ones the coordinator handles for every
 * task travel in hand-written binary forms ({@link AttemptUpdatesCodec}, {@link RunAttemptsCodec},
 * {@link MapOutputChangesCodec}), chosen here by type so that every sender and reader of a kind uses the same one.
 * Every message about an attempt carries job id, task id, attempt id and the coordinator epoch.
 */
public final class Messages {
    private Messages() {
    }

    /**
     * The message as bytes: binary for the kinds that have a codec of their own, else JSON. Bytes rather than a
     * {@link JsonObject}: the record is written once, not converted to a map and then written, and read once on the
     * other side — this runs several times per task.
     */
    public static Buffer encode(Object message) {
        if (message instanceof AttemptUpdates updates) {
            return AttemptUpdatesCodec.encode(updates);
        }
        if (message instanceof RunAttempts runs) {
            return RunAttemptsCodec.encode(runs);
        }
        if (message instanceof MapOutputChanges changes) {
            return MapOutputChangesCodec.encode(changes);
        }
        if (message instanceof Heartbeat heartbeat) {
            return HeartbeatCodec.encode(heartbeat);
        }
        try {
            return Buffer.buffer(DatabindCodec.mapper().writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Encodes and decodes a message once, so that Jackson's first-use cost (class loading, introspection of the
     * records, about a tenth of a second) can be paid on a spare thread while a command starts up.
     */
    public static void warmUp() {
        AttemptRef ref = new AttemptRef("job", "m-00000", "m-00000-1", "epoch");
        decode(encode(new RegisterWorker("w", "node", 1, "127.0.0.1", 0)), RegisterWorker.class);
        decode(encode(new CommitRequests(List.of(new CommitRequest(ref, "w",
                Map.of("gristmill", Map.of("MAP_INPUT_RECORDS", 1L)))))), CommitRequests.class);
    }

    /**
     * Reads a message body written by {@link #encode} (for the JSON kinds also a {@link JsonObject} of the same
     * shape); a body that is not one is an {@link IllegalArgumentException}.
     */
    public static <T> T decode(Object body, Class<T> type) {
        if (type == AttemptUpdates.class) {
            return type.cast(AttemptUpdatesCodec.decode(body));
        }
        if (type == RunAttempts.class) {
            return type.cast(RunAttemptsCodec.decode(body));
        }
        if (type == MapOutputChanges.class) {
            return type.cast(MapOutputChangesCodec.decode(body));
        }
        if (type == Heartbeat.class) {
            return type.cast(HeartbeatCodec.decode(body));
        }
        if (body instanceof JsonObject json) {
            return json.mapTo(type);
        }
        if (!(body instanceof Buffer bytes)) {
            throw new IllegalArgumentException("expected JSON for " + type.getSimpleName() + ", got " + body);
        }
        try {
            return DatabindCodec.mapper().readValue(bytes.getBytes(), type);
        } catch (IOException e) {
            throw new IllegalArgumentException(e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage(), e);
        }
    }

    /**
     * A worker incarnation announcing itself. {@code workerId} is fresh per incarnation; {@code nodeId} is its
     * Hazelcast member id (null in a single-process cluster), so that the coordinator sees it leave at once.
     */
    public record RegisterWorker(String workerId, String nodeId, int slots, String shuffleHost, int shufflePort,
                                 int leftoverSlots, List<HeldMapOutput> heldMapOutputs) {
        /**
         * @param heldMapOutputs map outputs of an earlier incarnation that the worker still serves: it registers again
         *                       because the coordinator changed (a new epoch), not because it was declared dead, so
         *                       a resumed job may use them instead of running those maps again
         */
        public RegisterWorker {
            heldMapOutputs = heldMapOutputs == null ? List.of() : List.copyOf(heldMapOutputs);
        }

        /** A worker whose slots are all free and that holds no map output. */
        public RegisterWorker(String workerId, String nodeId, int slots, String shuffleHost, int shufflePort) {
            this(workerId, nodeId, slots, shuffleHost, shufflePort, 0, List.of());
        }
    }

    /**
     * A finished map attempt's output a worker serves, with the counters its attempt reported: what a coordinator
     * of a later term needs to count the map as done.
     */
    public record HeldMapOutput(String jobId, String mapTaskId, String attemptId, String dataPath, String indexPath,
                                Map<String, Map<String, Long>> counters) {
    }

    /**
     * The coordinator's answer to {@link RegisterWorker}: the epoch every later message must carry, and the secret
     * this coordinator run presents (header {@code X-Gristmill-Secret}) to read attempt logs from the worker's HTTP
     * server, which serves them to nobody else.
     */
    public record Registered(String epoch, String logSecret) {
    }

    /**
     * Sent every second by each worker.
     *
     * @param leftoverSlots slots still held by task threads of earlier incarnations of this worker process (attempts
     *                      it dropped when it registered again, whose threads have not ended): the coordinator
     *                      cannot know them otherwise, and must not fill them
     * @param stuckAttempts attempts (of this incarnation) told to stop more than the worker's cancel timeout ago
     *                      whose threads still run
     */
    public record Heartbeat(String workerId, String epoch, List<String> runningAttempts, int leftoverSlots,
                            List<String> stuckAttempts) {
        public Heartbeat(String workerId, String epoch, List<String> runningAttempts) {
            this(workerId, epoch, runningAttempts, 0, List.of());
        }
    }

    /** Identifies one attempt of one task of one job, under one coordinator epoch. */
    public record AttemptRef(String jobId, String taskId, String attemptId, String epoch) {
    }

    /** Where a map attempt's output lives: on worker {@code workerId}, served at {@code shuffleHost:shufflePort}. */
    public record MapOutputLocation(String mapTaskId, String attemptId, String workerId, String shuffleHost,
                                    int shufflePort, String dataPath, String indexPath) {
    }

    /**
     * Coordinator → worker: run an attempt.
     *
     * @param jarPath         the job jar as the coordinator stores it (workers on the same filesystem read it)
     * @param jarHash         SHA-256 of the jar, the key of the worker's jar cache
     * @param jarUrl          where to download the jar (with the job secret), or null to read {@code jarPath}
     * @param split           the input split (maps only)
     * @param numMaps         number of map tasks of the job (a reducer waits for that many outputs, which it learns
     *                        from {@link Addresses#MAP_OUTPUTS})
     * @param outputDir       the job's output folder; attempts write to {@code outputDir/_temporary/attemptId}
     */
    public record RunAttempt(AttemptRef ref, TaskType type, int taskIndex, int attemptNumber, String jobName,
                             String jarPath, String jarHash, String jarUrl, String jobClass, Map<String, String> params,
                             InputSplit split, int numMaps, int numReducers, long sortBufferBytes,
                             String outputDir, String secret,
                             List<Long> skipRecords, List<SideFile> sideFiles, String outputCompression,
                             String shuffleCompression) {
        /**
         * @param skipRecords records of the split (by number, from 0, in the order the input format reads them) on
         *                    which earlier attempts failed in the mapper: a map attempt skips them and counts them
         *                    in {@code SKIPPED_RECORDS}
         * @param sideFiles   the job's side files ({@code --file}), fetched like the jar
         * @param outputCompression how the attempt compresses its output file: none, gzip or zstd (null: none)
         * @param shuffleCompression how map outputs are compressed for the shuffle: none or zstd (null: none)
         */
        public RunAttempt {
            skipRecords = skipRecords == null ? List.of() : List.copyOf(skipRecords);
            sideFiles = sideFiles == null ? List.of() : List.copyOf(sideFiles);
            outputCompression = outputCompression == null ? "none" : outputCompression;
            shuffleCompression = shuffleCompression == null ? "none" : shuffleCompression;
        }

        /** An attempt whose output and shuffle are not compressed. */
        public RunAttempt(AttemptRef ref, TaskType type, int taskIndex, int attemptNumber, String jobName,
                          String jarPath, String jarHash, String jarUrl, String jobClass, Map<String, String> params,
                          InputSplit split, int numMaps, int numReducers, long sortBufferBytes,
                          String outputDir, String secret, List<Long> skipRecords,
                          List<SideFile> sideFiles) {
            this(ref, type, taskIndex, attemptNumber, jobName, jarPath, jarHash, jarUrl, jobClass, params, split,
                    numMaps, numReducers, sortBufferBytes, outputDir, secret, skipRecords, sideFiles, "none",
                    "none");
        }

        /** An attempt of a job without side files. */
        public RunAttempt(AttemptRef ref, TaskType type, int taskIndex, int attemptNumber, String jobName,
                          String jarPath, String jarHash, String jarUrl, String jobClass, Map<String, String> params,
                          InputSplit split, int numMaps, int numReducers, long sortBufferBytes,
                          String outputDir, String secret, List<Long> skipRecords) {
            this(ref, type, taskIndex, attemptNumber, jobName, jarPath, jarHash, jarUrl, jobClass, params, split,
                    numMaps, numReducers, sortBufferBytes, outputDir, secret, skipRecords, List.of(), "none",
                    "none");
        }

        /** An attempt that skips no record. */
        public RunAttempt(AttemptRef ref, TaskType type, int taskIndex, int attemptNumber, String jobName,
                          String jarPath, String jarHash, String jarUrl, String jobClass, Map<String, String> params,
                          InputSplit split, int numMaps, int numReducers, long sortBufferBytes,
                          String outputDir, String secret) {
            this(ref, type, taskIndex, attemptNumber, jobName, jarPath, jarHash, jarUrl, jobClass, params, split,
                    numMaps, numReducers, sortBufferBytes, outputDir, secret, List.of());
        }
    }

    /**
     * A side file of a job ({@code --file PATH#NAME}): a worker fetches it by content hash, like the jar, once per
     * job.
     *
     * @param name the name tasks open it by ({@code TaskContext.sideFile(name)})
     * @param hash SHA-256 of its content: the key of the worker's cache, and what the download is checked against
     * @param path where the coordinator keeps it (a worker on the same file system may read it there)
     * @param url  where to download it (with the job secret), or null to read {@code path}
     */
    public record SideFile(String name, String hash, String path, String url) {
    }

    /**
     * Coordinator → worker: run these attempts one after another in one slot. Usually one; several map attempts of
     * one job once that job's maps have proved to take a few milliseconds each, so that one message, one commit
     * request and one report serve many short tasks. The worker acknowledges the whole bundle. Travels in the binary
     * form of {@link RunAttemptsCodec}, not as JSON.
     */
    public record RunAttempts(List<RunAttempt> attempts) {
    }

    /** Coordinator → worker: stop an attempt and free its slot. */
    public record KillAttempt(AttemptRef ref, String reason) {
    }

    /**
     * Reducer's worker → coordinator: the changes to the job's map outputs from position {@code from} of the job's
     * change log on. Reducers pull them, a bounded batch per request, rather than the coordinator pushing them or
     * listing every output in the RUN message: both grew with M × R.
     *
     * @param waitMillis how long the coordinator may hold the request when there is nothing new yet
     */
    public record MapOutputsWanted(AttemptRef reducer, String workerId, int from, long waitMillis) {
    }

    /**
     * A slice of a job's map output change log, in log order: apply each change in turn. Travels in the compact
     * binary form of {@link MapOutputChangesCodec}, not as JSON: changes come in runs (consecutive map tasks whose
     * outputs the same worker made, with the same attempt number — a bundle of short maps), so a reducer reads bytes
     * in proportion to the runs, not to every map.
     *
     * @param next      where the next request starts (a position in changes, not in runs)
     * @param firstHost the job-wide number of the first of {@code hosts}
     * @param hosts     the workers whose first change in the job's log is in this slice, numbered from
     *                  {@code firstHost} on; a reader keeps them, as runs of later slices refer to them too
     * @param runs      empty if nothing changed while the request was held; their hosts are job-wide numbers
     */
    public record MapOutputChanges(int next, int firstHost, List<OutputHost> hosts, List<MapOutputRun> runs) {
        /** Every change of the slice, one per map task (for tests and small readers). */
        public List<MapOutputChange> changes() {
            List<MapOutputChange> all = new java.util.ArrayList<>();
            for (MapOutputRun run : runs) {
                for (int i = 0; i < run.count(); i++) {
                    all.add(new MapOutputChange(run.map(i), run.attempt(i), run.host()));
                }
            }
            return all;
        }
    }

    /** A worker serving map outputs, as a {@link MapOutputChange} refers to it. */
    public record OutputHost(String workerId, String shuffleHost, int shufflePort) {
    }

    /**
     * Map task {@code map}'s current output is now {@code attempt}'s, served by the job's host number {@code host}
     * (see {@link MapOutputChanges#firstHost()}); or, with host -1,
     * {@code attempt}'s output is obsolete. A reducer applies one per map task; on the wire they travel in
     * {@link MapOutputRun}s.
     */
    public record MapOutputChange(int map, String attempt, int host) {
        public static final int OBSOLETE = -1;

        public boolean obsolete() {
            return host == OBSOLETE;
        }
    }

    /**
     * {@code count} consecutive changes of the same kind and host for map tasks {@code firstMap},
     * {@code firstMap + 1}, …, whose attempt ids are {@code <map task id>-<attemptNumber><attemptSuffix>} (such as
     * {@code m-00007-1} or {@code m-00007-2.t3}). An attempt id of another form travels alone: {@code count} 1,
     * {@code attemptNumber} {@link #LITERAL} and the whole id in {@code attemptSuffix}.
     *
     * @param host a job-wide host number (see {@link MapOutputChanges#firstHost()}), or {@link MapOutputChange#OBSOLETE}
     */
    public record MapOutputRun(int firstMap, int count, int host, int attemptNumber, String attemptSuffix) {
        public static final int LITERAL = -1;

        public boolean obsolete() {
            return host == MapOutputChange.OBSOLETE;
        }

        public int map(int i) {
            return firstMap + i;
        }

        /** The attempt id of the {@code i}-th change of the run. */
        public String attempt(int i) {
            return attemptNumber == LITERAL ? attemptSuffix
                    : TaskType.MAP.taskId(firstMap + i) + "-" + attemptNumber + attemptSuffix;
        }
    }

    /** Coordinator → every worker: a job ended; drop its map outputs and class loader. */
    public record JobEnded(String jobId) {
    }

    /**
     * The states an attempt reports. STOPPED: an attempt that was told to stop (killed, or dropped as stale) has
     * ended its thread — only now is its slot free.
     */
    public enum ReportedState { RUNNING, SUCCEEDED, FAILED, STOPPED }

    /**
     * The record a map attempt failed on, when the exception came from the job's mapper while it handled that
     * record.
     *
     * @param index  the record's number in the split, from 0, in the order the input format reads them
     * @param file   the split's file
     * @param offset the record's byte offset in the file when the reader knows it (text lines), else -1
     * @param error  the first line of the exception
     */
    public record BadRecord(long index, String file, long offset, String error) {
    }

    /**
     * Worker → coordinator: progress or the end of an attempt.
     *
     * @param counters  group → name → value, for SUCCEEDED the attempt's final counters
     * @param mapOutput where a succeeded map attempt's output lives (null for reducers and map-only jobs)
     */
    public record AttemptUpdate(AttemptRef ref, String workerId, ReportedState state, double progress,
                                Map<String, Map<String, Long>> counters, String error, String stackTrace,
                                MapOutputLocation mapOutput, long activity, BadRecord badRecord, Long runMillis) {
        /**
         * @param activity  records read plus records emitted so far: the coordinator's task timeout watches it move
         * @param badRecord for FAILED, the record the mapper failed on (null when the failure was elsewhere)
         * @param runMillis for SUCCEEDED, how long the task itself ran on the worker, without the messages around it
         *                  or a wait for its commit (the coordinator sizes bundles of short maps by it); null if not
         *                  measured
         */
        public AttemptUpdate {
        }

        public AttemptUpdate(AttemptRef ref, String workerId, ReportedState state, double progress,
                             Map<String, Map<String, Long>> counters, String error, String stackTrace,
                             MapOutputLocation mapOutput, long activity, BadRecord badRecord) {
            this(ref, workerId, state, progress, counters, error, stackTrace, mapOutput, activity, badRecord, null);
        }

        public AttemptUpdate(AttemptRef ref, String workerId, ReportedState state, double progress,
                             Map<String, Map<String, Long>> counters, String error, String stackTrace,
                             MapOutputLocation mapOutput) {
            this(ref, workerId, state, progress, counters, error, stackTrace, mapOutput, 0, null);
        }
    }

    /**
     * Worker → coordinator: the ends (or, with each heartbeat, the progress) of attempts of one worker. The reply is
     * {@link UpdatesAnswered}; a dead worker or an old epoch fails the whole message with a {@link FailureCode}.
     * Travels in the binary form of {@link AttemptUpdatesCodec}, not as JSON.
     */
    public record AttemptUpdates(List<AttemptUpdate> updates) {
    }

    /** The coordinator's answer to {@link AttemptUpdates}: the attempts that are no longer current (drop them). */
    public record UpdatesAnswered(List<AttemptRef> staleAttempts) {
    }

    /**
     * Worker → coordinator: finished attempts of one worker (one bundle) ask to commit; the reply is
     * {@link CommitDecisions}, in the same order.
     */
    public record CommitRequests(List<CommitRequest> requests) {
    }

    /** The answers to {@link CommitRequests}, one per request, in order. */
    public record CommitDecisions(List<CommitDecision> decisions) {
    }

    /**
     * One finished attempt's request to commit its output.
     *
     * @param counters the attempt's final counters (group → name → value): the coordinator keeps them with the
     *                 grant, so the task counts once even if the worker dies between its commit rename and its report
     */
    public record CommitRequest(AttemptRef ref, String workerId, Map<String, Map<String, Long>> counters) {
    }

    /** The coordinator's answer to a {@link CommitRequest}; exactly one attempt per task is ever granted. */
    public record CommitDecision(boolean granted, String reason) {
    }

    /** Worker → coordinator: a reducer could not fetch a map output. */
    public record FetchFailure(AttemptRef reducer, String workerId, String mapAttemptId, String error) {
    }
}
