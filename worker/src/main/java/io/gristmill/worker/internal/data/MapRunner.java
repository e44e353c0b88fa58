package io.gristmill.worker.internal.data;

import io.gristmill.api.BadRecordException;
import io.gristmill.api.Counter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.Mapper;
import io.gristmill.api.RecordReader;
import io.gristmill.api.RecordWriter;
import io.gristmill.api.SplitInput;
import io.gristmill.cluster.io.AttemptOutput;
import io.gristmill.worker.internal.io.LocalAttemptOutput;
import io.gristmill.worker.internal.io.TaskFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Runs one map attempt end to end on the calling (worker) thread: reads the context's split with the job's input
 * format, calls the mapper's {@code setup}, {@code map} per record and {@code cleanup}, and either collects the
 * output into sorted, partitioned map output ({@link #run}) or, for a map-only job, writes it straight through the
 * job's output format ({@link #runMapOnly}). Every 4096 records it checks the cancellation flag and the thread's
 * interrupt status (a killed attempt fails with {@link java.util.concurrent.CancellationException}), updates
 * counters and progress.
 *
 * <p>Records listed in {@code skipRecords} (by number in the split, from 0, in read order; found by earlier attempts
 * that failed on them) are read but not given to the mapper, and counted in {@code SKIPPED_RECORDS}. When the mapper
 * itself throws on a record (not the output it emits into), or the reader finds a record malformed
 * ({@link BadRecordException}), {@link #failedRecord} names that record. {@link #activity} may be read from any thread.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class MapRunner {
    private static final int CHECK_MASK = 4095;
    private static final long[] SKIP_NONE = {};

    private final Job job;
    private final SimpleTaskContext context;
    private final BooleanSupplier cancelled;
    private final long[] skipRecords;
    private final TaskFiles files;
    // read by other threads without synchronization: a stale value only delays when they see the attempt move
    private long recordsRead;
    private volatile MapperOutput output;
    private FailedRecord failedRecord;

    public MapRunner(Job job, SimpleTaskContext context, BooleanSupplier cancelled) {
        this(job, context, cancelled, SKIP_NONE);
    }

    /** @param skipRecords numbers of the split's records not to map (any order; duplicates are ignored) */
    public MapRunner(Job job, SimpleTaskContext context, BooleanSupplier cancelled, long[] skipRecords) {
        this(job, context, cancelled, skipRecords, TaskFiles.local());
    }

    /** @param files opens the split for the input format and the output file for a map-only job's output format */
    public MapRunner(Job job, SimpleTaskContext context, BooleanSupplier cancelled, long[] skipRecords,
                     TaskFiles files) {
        this.files = Objects.requireNonNull(files, "files");
        this.job = Objects.requireNonNull(job, "job");
        this.context = Objects.requireNonNull(context, "context");
        this.cancelled = cancelled == null ? () -> false : cancelled;
        this.skipRecords = Arrays.stream(Objects.requireNonNull(skipRecords, "skipRecords")).filter(i -> i >= 0)
                .sorted().distinct().toArray();
        if (context.split() == null) {
            throw new IllegalArgumentException("a map attempt needs an input split");
        }
    }

    /** Records read plus records emitted so far; callable from any thread. */
    public long activity() {
        MapperOutput out = output;
        return recordsRead + (out == null ? 0 : out.recordsEmitted());
    }

    /** The record the mapper threw on, once a run failed that way; otherwise null. */
    public FailedRecord failedRecord() {
        return failedRecord;
    }

    /**
     * Runs the mapper into a {@link MapOutputCollector}: {@code <outputBase>.data} and {@code <outputBase>.index}.
     *
     * @param numPartitions   reduce partitions (>= 1)
     * @param sortBufferBytes memory budget of the sort buffer (capped internally at 1 GiB of data)
     * @param spillDir        where spill files go (created if needed; spills are deleted before returning)
     * @param outputBase      base path of the output files
     */
    public MapOutput run(int numPartitions, long sortBufferBytes, Path spillDir, Path outputBase) throws Exception {
        if (job.isMapOnly()) {
            throw new IllegalStateException("map-only job: use runMapOnly");
        }
        MapOutputCollector collector = new MapOutputCollector(job, numPartitions, sortBufferBytes, spillDir,
                outputBase, context, cancelled);
        try {
            runMapper(collector);
            context.status("merging map output");
            MapOutput output = collector.close();
            context.progress(1f);
            return output;
        } catch (Throwable t) {
            collector.abort();
            throw t;
        }
    }

    /** Runs a map-only job: mapper output is written with the job's output format to {@code outputFile}. */
    public void runMapOnly(Path outputFile) throws Exception {
        runMapOnly(LocalAttemptOutput.file(outputFile));
    }

    /** Runs a map-only job: mapper output is written with the job's output format to the attempt's part. */
    public void runMapOnly(AttemptOutput target) throws Exception {
        Counter outputRecords = context.counter(Counters.MAP_OUTPUT_RECORDS);
        TaskFiles.Output stream = files.createOutput(target);
        boolean ok = false;
        WriterOutput out = null;
        try (stream) {
            RecordWriter writer = job.outputFormat().createWriter(stream, context);
            out = new WriterOutput(writer);
            try {
                runMapper(out);
                ok = true;
            } finally {
                try {
                    writer.close();
                } catch (IOException e) {
                    if (ok) {
                        throw e;
                    }
                }
            }
        } finally {
            if (out != null) {
                outputRecords.increment(out.recordsEmitted());
            }
        }
        context.counter(Counters.OUTPUT_BYTES).increment(stream.storedBytes());
        context.progress(1f);
    }

    private void runMapper(MapperOutput out) throws Exception {
        output = out;
        InputSplit split = context.split();
        Counter inputRecords = context.counter(Counters.MAP_INPUT_RECORDS);
        Counter inputBytes = context.counter(Counters.MAP_INPUT_BYTES);
        Mapper mapper = job.mapper().get();
        context.status("mapping " + split.path() + " [" + split.start() + ", " + split.end() + ")");
        try (RecordReader reader = openReader(split)) {
            mapper.setup(context);
            long[] skip = skipRecords;
            int skipped = 0;
            long nextSkip = skip.length > 0 ? skip[0] : -1; // -1: no record left to skip
            long records = 0;
            long reportedRecords = 0;
            long reportedBytes = 0;
            while (true) {
                try {
                    if (!reader.next()) {
                        break;
                    }
                } catch (BadRecordException e) {
                    if (records != nextSkip) {
                        failedRecord = FailedRecord.of(records, split.path(), e.position(), e);
                        throw e;
                    }
                    // a record an earlier attempt failed on: skipped below like any other
                }
                if (records != nextSkip) {
                    try {
                        mapper.map(reader.key(), reader.value(), out);
                    } catch (Throwable t) {
                        blame(t, records, reader, out);
                        throw t;
                    }
                } else {
                    nextSkip = ++skipped < skip.length ? skip[skipped] : -1;
                }
                recordsRead = ++records;
                if ((records & CHECK_MASK) == 0) {
                    Cancellation.check(cancelled);
                    long bytes = reader.bytesRead();
                    inputRecords.increment(records - reportedRecords);
                    inputBytes.increment(bytes - reportedBytes);
                    reportedRecords = records;
                    reportedBytes = bytes;
                    context.progress(reader.progress());
                }
            }
            inputRecords.increment(records - reportedRecords);
            inputBytes.increment(reader.bytesRead() - reportedBytes);
            if (skip.length > 0) {
                context.counter(Counters.SKIPPED_RECORDS).increment(skipped);
            }
            Cancellation.check(cancelled);
            mapper.cleanup(out);
        }
    }

    /** The job's reader over the split the engine opened; the reader owns the input from here on. */
    private RecordReader openReader(InputSplit split) throws IOException {
        SplitInput input = files.openSplit(split);
        try {
            return job.inputFormat().createReader(input, context);
        } catch (IOException | RuntimeException | Error e) {
            input.close();
            throw e;
        }
    }

    /** Notes the record the mapper threw {@code t} on, unless the failure came from the output it emitted into. */
    private void blame(Throwable t, long index, RecordReader reader, MapperOutput out) {
        if (!out.hasFailed()) {
            failedRecord = FailedRecord.of(index, context.split().path(), reader.position(), t);
        }
    }
}
