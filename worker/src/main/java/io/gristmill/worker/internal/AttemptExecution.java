package io.gristmill.worker.internal;

import io.gristmill.api.Job;
import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.FaultInjection;
import io.gristmill.cluster.Failures;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.BadRecord;
import io.gristmill.cluster.Messages.CommitDecision;
import io.gristmill.cluster.Messages.CommitRequest;
import io.gristmill.cluster.Messages.FetchFailure;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.TaskType;
import io.gristmill.cluster.io.Compression;
import io.gristmill.cluster.io.AttemptOutput;
import io.gristmill.cluster.io.Storages;
import io.gristmill.cluster.io.s3.S3AttemptOutput;
import io.gristmill.cluster.io.s3.S3Location;
import io.gristmill.worker.internal.io.LocalAttemptOutput;
import io.gristmill.worker.internal.io.TaskFiles;
import io.gristmill.worker.internal.data.FailedRecord;
import io.gristmill.worker.internal.data.MapOutput;
import io.gristmill.worker.internal.data.MapRunner;
import io.gristmill.worker.internal.data.ReduceRunner;
import io.gristmill.worker.internal.data.Segment;
import io.gristmill.worker.internal.data.ShuffleCompression;
import io.gristmill.worker.internal.data.SimpleTaskContext;
import io.gristmill.worker.internal.shuffle.FetchFailedException;
import io.gristmill.worker.internal.logs.AttemptLog;
import io.gristmill.worker.internal.logs.AttemptLogs;
import io.gristmill.worker.internal.shuffle.MapOutputRegistry;

import io.gristmill.cluster.FileTrees;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One attempt on a worker, run on a task thread by its {@link BundleExecution} in two steps: {@link #execute} loads
 * the job and runs the map or reduce side; an attempt that writes job output then {@link #awaitsCommit} and
 * {@link #commit} renames its folder when the coordinator granted it. Afterwards {@link #outcome} is what to report:
 * success or failure, or nothing for a killed attempt or one whose commit went to another attempt.
 */
public final class AttemptExecution implements MapOutputPoller.Reader {
    /** Where this worker keeps things; shared by its attempts. */
    public record Environment(String workerId, String shuffleHost, int shufflePort, Path workDir,
                              long defaultSortBuffer, JobCache jobs, SideFileCache sideFiles,
                              CoordinatorClient coordinator,
                              ShuffleFetcher fetcher, MapOutputRegistry registry, WorkerMetrics metrics,
                              Path logRoot) {
    }

    private static final int MAX_FETCH_FAILURES = 20;

    private final RunAttempt run;
    private final Environment env;
    private final SimpleTaskContext context;
    private final JobMapOutputs mapOutputs; // a reducer's view of its job's map outputs, shared in this process
    private volatile boolean mapOutputsFetched;
    private volatile long mapOutputAnswersNeeded; // see MapOutputPoller.follow
    private volatile boolean cancelled;
    private volatile Thread thread;
    private volatile LongSupplier dataPathActivity = () -> 0;
    private final LongAdder fetchedOutputs = new LongAdder(); // counted by the shuffle's threads
    private MapRunner mapRunner; // for the record a failed map attempt blames
    private AttemptLog log;
    private AttemptOutput output; // the attempt's part of the job output, for attempts that write one
    private AttemptOutput awaitingCommit; // that part, from the end of execute() until commit()
    /** How long the task ran, up to its commit request (set once it ran to the end). */
    private volatile Long runMillis;
    private Boolean success;
    private AttemptUpdate outcome;

    /** @param mapOutputs for a reducer, the job's map outputs as this process knows them (null for a map) */
    public AttemptExecution(RunAttempt run, Environment env, JobMapOutputs mapOutputs) {
        this.run = run;
        this.env = env;
        this.context = new SimpleTaskContext(run.ref().jobId(), run.jobName(), run.ref().taskId(), run.ref().attemptId(),
                run.attemptNumber(), run.type() == TaskType.MAP, run.taskIndex(), run.numReducers(), run.params(),
                run.split());
        if ((run.type() == TaskType.REDUCE) != (mapOutputs != null)) {
            throw new IllegalArgumentException("a reducer, and only a reducer, reads map outputs: " + run.ref());
        }
        this.mapOutputs = mapOutputs;
    }

    public RunAttempt attempt() {
        return run;
    }

    @Override
    public io.gristmill.cluster.Messages.AttemptRef ref() {
        return run.ref();
    }

    /** How many of the coordinator's replies the shared view must have applied before this reducer fetches. */
    public void mapOutputAnswersNeeded(long answers) {
        mapOutputAnswersNeeded = answers;
    }

    /** Whether this is a reducer that has yet to fetch its map outputs (and was not told to stop). */
    @Override
    public boolean wantsMapOutputs() {
        return mapOutputs != null && !mapOutputsFetched && !cancelled;
    }

    /**
     * Records read plus records emitted so far, and for a reducer also each map output fetched (one apiece); the
     * coordinator's task timeout watches it move. Callable from any thread: the data path counts with plain stores,
     * so another thread may see a value a little behind.
     */
    public long activity() {
        return fetchedOutputs.sum() + dataPathActivity.getAsLong();
    }

    public double progress() {
        return context.progress();
    }

    public void cancel() {
        cancelled = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs the attempt up to its commit, with this thread's output and SLF4J logging routed to the attempt's log
     * ({@code <logRoot>/<jobId>/<attemptId>.log}, created only if the attempt prints something), which also gets a
     * line when the attempt starts and ends. The log stays open while the attempt awaits its commit.
     */
    public void execute() {
        long startNanos = System.nanoTime();
        thread = Thread.currentThread();
        env.metrics().attemptStarted();
        log = openLog();
        try (AttemptLogs.Scope ignored = AttemptLogs.bind(log)) {
            log.line("INFO", "gristmill", "attempt " + run.ref().attemptId() + " of " + run.ref().jobId() + " ("
                    + run.jobName() + ") starts on worker " + env.workerId());
            JobCache.Entry entry = env.jobs().get(run);
            context.sideFiles(env.sideFiles().resolve(run));
            MapOutputLocation location = entry.loaded().inJobLoader(() -> runTask(entry.job()));
            runMillis = (System.nanoTime() - startNanos) / 1_000_000;
            if (awaitingCommit == null) {
                succeeded(location);
            }
        } catch (Throwable e) {
            awaitingCommit = null;
            failed(e);
        } finally {
            thread = null;
            Thread.interrupted(); // a late cancel must not leak into the pool's next task
        }
        if (awaitingCommit == null) {
            end();
        }
    }

    /** Whether {@link #execute} left output that needs the coordinator's grant: then {@link #commitRequest}. */
    public boolean awaitsCommit() {
        return awaitingCommit != null;
    }

    /** The request for this attempt's commit, with its final counters. */
    public CommitRequest commitRequest() {
        return new CommitRequest(run.ref(), env.workerId(), context.counters());
    }

    /**
     * Ends an attempt that awaited its commit: when granted, renames its file to {@code committed/<task>};
     * otherwise another attempt committed the task and this one is dropped silently.
     */
    public void commit(CommitDecision decision) {
        try {
            if (decision.granted()) {
                awaitingCommit.commit();
                succeeded(null);
            } else {
                log.line("INFO", "gristmill", "attempt " + run.ref().attemptId() + " stopped: " + decision.reason());
                cleanUp();
            }
        } catch (Throwable e) {
            failed(e);
        }
        awaitingCommit = null;
        end();
    }

    /** Ends an attempt that awaited its commit when the request itself failed (no answer, or refused). */
    public void commitFailed(Throwable e) {
        failed(e);
        awaitingCommit = null;
        end();
    }

    /** What to report about this attempt once it ended; null for nothing (killed, or its commit went elsewhere). */
    public AttemptUpdate outcome() {
        return outcome;
    }

    private void succeeded(MapOutputLocation location) {
        success = true;
        log.line("INFO", "gristmill", "attempt " + run.ref().attemptId() + " succeeded");
        outcome = update(ReportedState.SUCCEEDED, null, null, location, null);
    }

    private void failed(Throwable e) {
        cleanUp();
        if (cancelled) {
            log.line("INFO", "gristmill", "attempt " + run.ref().attemptId() + " killed");
            return;
        }
        success = false;
        log.line("ERROR", "gristmill", "attempt " + run.ref().attemptId() + " failed: " + Failures.stackTrace(e));
        outcome = update(ReportedState.FAILED, Failures.describe(e), Failures.stackTrace(e), null, badRecord());
    }

    /** Closes the log before the outcome is reported, so that reading it after the report sees it all. */
    private void end() {
        log.close();
        env.metrics().attemptEnded(success, context.counters());
    }

    /** The attempt's log; if it cannot be created, one that drops what it is given. */
    private AttemptLog openLog() {
        try {
            return AttemptLog.open(AttemptLogs.file(env.logRoot(), run.ref().jobId(), run.ref().attemptId()),
                    AttemptLogs.journal(env.logRoot(), run.ref().jobId()));
        } catch (RuntimeException e) {
            return AttemptLog.discarding();
        }
    }

    private MapOutputLocation runTask(Job job) throws Exception {
        if (run.type() == TaskType.MAP && run.numReducers() > 0) {
            return runMap(job);
        }
        output = attemptOutput();
        if (run.type() == TaskType.MAP) {
            mapRunner(job).runMapOnly(output);
        } else {
            runReduce(job, output);
        }
        output.finish();
        awaitingCommit = output;
        return null;
    }

    private MapOutputLocation runMap(Job job) throws Exception {
        Path base = jobWorkDir().resolve(run.ref().attemptId());
        ensureDirectory(base.getParent());
        long sortBuffer = run.sortBufferBytes() > 0 ? run.sortBufferBytes() : env.defaultSortBuffer();
        MapOutput output = mapRunner(job)
                .run(run.numReducers(), sortBuffer, base.resolveSibling(run.ref().attemptId() + "-spills"), base);
        if (shuffleCompressed()) {
            output = ShuffleCompression.compress(output);
        }
        env.registry().register(run.ref().jobId(), run.secret(), run.ref().attemptId(), output.dataFile(),
                output.indexFile());
        return new MapOutputLocation(run.ref().taskId(), run.ref().attemptId(), env.workerId(), env.shuffleHost(),
                env.shufflePort(), output.dataFile().toString(), output.indexFile().toString());
    }

    private void runReduce(Job job, AttemptOutput file) throws Exception {
        Path scratch = jobWorkDir().resolve(run.ref().attemptId() + "-scratch");
        Files.createDirectories(scratch);
        long fetchStart = System.nanoTime();
        List<Segment> segments;
        try {
            segments = fetchAll(scratch);
        } finally {
            mapOutputsFetched = true;
        }
        long fetched = segments.stream().mapToLong(Segment::length).sum();
        env.metrics().fetched(fetched, System.nanoTime() - fetchStart);
        if (shuffleCompressed()) {
            List<Segment> plain = new java.util.ArrayList<>(segments.size());
            for (Segment s : segments) {
                plain.add(ShuffleCompression.decompress(s, scratch, "segment-" + plain.size()));
            }
            segments = plain;
        }
        ReduceRunner runner = new ReduceRunner(job, context, this::isCancelled).files(files()).fetchedBytes(fetched);
        dataPathActivity = runner::activity;
        runner.run(segments, scratch, file);
    }

    private boolean shuffleCompressed() {
        return "zstd".equals(run.shuffleCompression());
    }

    /** What this attempt reads and writes: files or S3 objects, its output compressed as the job asks. */
    private TaskFiles files() {
        return new TaskFiles(Storages.INSTANCE, Compression.ofOutputName(run.outputCompression()));
    }

    /**
     * This attempt's part of the job's output: in S3, a multipart upload to the part's final key that stays pending
     * until the job commit; on the shared file system, a file of its own in {@code _temporary}.
     */
    private AttemptOutput attemptOutput() {
        if (S3Location.isS3(run.outputDir())) {
            String part = run.type().partFileName(run.taskIndex())
                    + Compression.ofOutputName(run.outputCompression()).extension();
            return new S3AttemptOutput(Storages.s3(), S3Location.parse(run.outputDir()), run.ref().taskId(), part,
                    run.ref().attemptId());
        }
        return new LocalAttemptOutput(attemptFile(),
                Path.of(run.outputDir(), "_temporary", "committed", run.ref().taskId()), run.ref().taskId());
    }

    /** The map side of this attempt, which skips the records the coordinator listed. */
    private MapRunner mapRunner(Job job) {
        long[] skip = run.skipRecords().stream().mapToLong(Long::longValue).toArray();
        mapRunner = new MapRunner(job, context, this::isCancelled, skip, files());
        dataPathActivity = mapRunner::activity;
        return mapRunner;
    }

    /**
     * Fetches this reducer's partition of every current map output. A map output that cannot be fetched is reported
     * to the coordinator (which re-runs it once enough reducers complain, or at once if its worker is dead), and
     * the fetch is tried again with whatever outputs are current then.
     */
    private List<Segment> fetchAll(Path scratch) throws Exception {
        int failures = 0;
        while (true) {
            try {
                List<MapOutputLocation> outputs = mapOutputs.awaitAll(this::isCancelled, mapOutputAnswersNeeded);
                holdForTests();
                return env.fetcher().fetchAll(run.ref().jobId(), outputs, run.taskIndex(), scratch, run.secret(),
                        fetchedOutputs::increment);
            } catch (FetchFailedException e) {
                if (++failures > MAX_FETCH_FAILURES) {
                    throw e;
                }
                env.coordinator().request(Addresses.FETCH_FAILURE,
                        new FetchFailure(run.ref(), env.workerId(), e.mapAttemptId(), e.getMessage()));
                Thread.sleep(Math.min(5_000, 250L * failures)); // back off before fetching again
            }
        }
    }

    /** A process test's hold inside the fetch phase ({@link FaultInjection}); nothing in production. */
    private void holdForTests() throws InterruptedException {
        FaultInjection.hold(FaultInjection.HOLD_IN_REDUCE_FETCH, run.ref().attemptId() + " before it fetches",
                this::isCancelled);
        if (isCancelled()) {
            throw new InterruptedException("attempt cancelled");
        }
    }

    /** The record the mapper threw on, when that is why the attempt failed; else null. */
    private BadRecord badRecord() {
        FailedRecord r = mapRunner == null ? null : mapRunner.failedRecord();
        return r == null ? null : new BadRecord(r.index(), r.file(), r.offset(), r.error());
    }

    private AttemptUpdate update(ReportedState state, String error, String trace, MapOutputLocation location,
                                 BadRecord badRecord) {
        return new AttemptUpdate(run.ref(), env.workerId(), state, state == ReportedState.SUCCEEDED ? 1.0
                : context.progress(), context.counters(), error, trace, location, activity(), badRecord,
                state == ReportedState.SUCCEEDED ? runMillis : null);
    }

    /**
     * Where the attempt writes its part of the job's output: one file, named after the part file it becomes and the
     * attempt ({@code _temporary/part-m-00012.m-00012-1}). A file rather than a folder per attempt: creating and
     * later removing a folder for each of thousands of short tasks cost more than the rest of their file work.
     */
    private Path attemptFile() {
        return Path.of(run.outputDir(), "_temporary",
                run.type().partFileName(run.taskIndex()) + "." + run.ref().attemptId());
    }

    /**
     * Creates a folder that every attempt of a job shares and the first usually made: a look first, since
     * {@link Files#createDirectories} of an existing folder throws and catches an exception, per task.
     */
    static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    private Path jobWorkDir() {
        return env.workDir().resolve(run.ref().jobId());
    }

    /** Removes what this attempt wrote that nobody will use. Map outputs are removed when their job ends. */
    private void cleanUp() {
        if (output != null) {
            output.discard();
        }
        try {
            FileTrees.deleteRecursively(jobWorkDir().resolve(run.ref().attemptId() + "-scratch"));
        } catch (IOException ignored) {
            // the job's end removes the rest
        }
    }
}
