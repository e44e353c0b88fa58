package io.gristmill.worker.internal.data;

import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.RawComparator;
import io.gristmill.api.RecordWriter;
import io.gristmill.api.Reducer;
import io.gristmill.cluster.io.AttemptOutput;
import io.gristmill.worker.internal.io.LocalAttemptOutput;
import io.gristmill.worker.internal.io.TaskFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Runs one reduce attempt on the calling (worker) thread: merges the partition's sorted segments (at most
 * {@code mergeFactor} open at once, intermediate runs in a temp dir), groups consecutive keys with the job's
 * grouping comparator and calls the reducer once per group with a single-use Iterable that streams the group's
 * values from the merge (see {@link KeyGroups} for key/value object reuse and secondary sort), skipping values the
 * reducer does not consume. Output goes through the job's output format. Cancellation is checked every 4096
 * records (flag or thread interrupt; fails with {@link java.util.concurrent.CancellationException}).
 * {@link #activity} may be read from any thread.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class ReduceRunner {
    private final Job job;
    private final SimpleTaskContext context;
    private final BooleanSupplier cancelled;
    private final int mergeFactor;
    private final int readBufferBytes;
    private TaskFiles files = TaskFiles.local();
    private long fetchedBytes = -1;
    // for activity(): the volatiles publish what the task thread creates; the counts in them and outputRecords are
    // plain, read by other threads without synchronization (a stale value only delays seeing the attempt move)
    private volatile Merger merger;
    private volatile KeyGroups groups;
    private long outputRecords;

    public ReduceRunner(Job job, SimpleTaskContext context, BooleanSupplier cancelled) {
        this(job, context, cancelled, Merger.DEFAULT_MERGE_FACTOR, Merger.DEFAULT_READ_BUFFER);
    }

    /**
     * @param mergeFactor     most segments open at once (>= 2)
     * @param readBufferBytes read buffer per open segment
     */
    public ReduceRunner(Job job, SimpleTaskContext context, BooleanSupplier cancelled, int mergeFactor,
            int readBufferBytes) {
        this.job = Objects.requireNonNull(job, "job");
        this.context = Objects.requireNonNull(context, "context");
        this.cancelled = cancelled == null ? () -> false : cancelled;
        if (job.isMapOnly()) {
            throw new IllegalArgumentException("the job has no reducer");
        }
        if (mergeFactor < 2) {
            throw new IllegalArgumentException("mergeFactor must be >= 2, got " + mergeFactor);
        }
        this.mergeFactor = mergeFactor;
        this.readBufferBytes = readBufferBytes;
    }

    /**
     * The bytes that crossed the shuffle for this attempt, counted in {@code SHUFFLE_BYTES} instead of the segments'
     * lengths (which differ when the shuffle was compressed and the segments were decompressed before merging).
     */
    public ReduceRunner fetchedBytes(long bytes) {
        this.fetchedBytes = bytes;
        return this;
    }

    /** Where the output file is created (and how it is compressed); local and uncompressed unless set. */
    public ReduceRunner files(TaskFiles files) {
        this.files = Objects.requireNonNull(files, "files");
        return this;
    }

    /** Records merged into intermediate runs, read from the final merge, and written, so far; from any thread. */
    public long activity() {
        Merger m = merger;
        KeyGroups g = groups;
        return (m == null ? 0 : m.recordsMerged()) + (g == null ? 0 : g.records()) + outputRecords;
    }

    /**
     * Reduces {@code segments} (this partition's sorted runs from every map) into {@code outputFile}.
     *
     * @param tempDir where intermediate merge runs go when there are more than {@code mergeFactor} segments
     */
    public void run(List<Segment> segments, Path tempDir, Path outputFile) throws Exception {
        run(segments, tempDir, LocalAttemptOutput.file(outputFile));
    }

    /** As {@link #run(List, Path, Path)}, writing the attempt's part {@code target}. */
    public void run(List<Segment> segments, Path tempDir, AttemptOutput target) throws Exception {
        long storedBytes = 0;
        long shuffleBytes = 0;
        for (Segment s : segments) {
            shuffleBytes += s.length();
        }
        context.counter(Counters.SHUFFLE_BYTES).increment(fetchedBytes >= 0 ? fetchedBytes : shuffleBytes);
        context.status("reducing " + segments.size() + " segments");
        RawComparator grouping = job.groupingComparator();
        Merger merger = new Merger(job.sortComparator(), mergeFactor, readBufferBytes, tempDir, cancelled);
        this.merger = merger;
        Reducer reducer = job.reducer().get();
        long groupsSeen = 0;
        long recordsSeen = 0;
        try (RecordStream in = merger.open(segments)) {
            KeyGroups groups = new KeyGroups(in, grouping, grouping == RawComparator.BYTES, job.keySerde(),
                    job.valueSerde(), cancelled);
            this.groups = groups;
            try (TaskFiles.Output stream = files.createOutput(target)) {
                RecordWriter writer = job.outputFormat().createWriter(stream, context);
                boolean ok = false;
                try {
                    Emitter emitter = (k, v) -> {
                        writer.write(k, v);
                        outputRecords++;
                    };
                    reducer.setup(context);
                    while (groups.nextGroup()) {
                        reducer.reduce(groups.key(), groups.values(), emitter);
                    }
                    Cancellation.check(cancelled);
                    reducer.cleanup(emitter);
                    ok = true;
                } finally {
                    groupsSeen = groups.groups();
                    recordsSeen = groups.records();
                    try {
                        writer.close();
                    } catch (IOException e) {
                        if (ok) {
                            throw e;
                        }
                    }
                }
                stream.close();
                storedBytes = stream.storedBytes();
            }
        } finally {
            context.counter(Counters.REDUCE_INPUT_GROUPS).increment(groupsSeen);
            context.counter(Counters.REDUCE_INPUT_RECORDS).increment(recordsSeen);
            context.counter(Counters.REDUCE_OUTPUT_RECORDS).increment(outputRecords);
        }
        context.counter(Counters.OUTPUT_BYTES).increment(storedBytes);
        context.progress(1f);
    }
}
