package io.gristmill.worker.internal.data;

import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.Mapper;
import io.gristmill.api.RecordReader;
import io.gristmill.api.RecordWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Runs one map attempt end to end on the calling (worker) thread: reads the context's split with the job's input
 * format, calls the mapper's {@code setup}, {@code map} per record and {@code cleanup}, and either collects the
 * output into sorted, partitioned map output ({@link #run}) or, for a map-only job, writes it straight through the
 * job's output format ({@link #runMapOnly}). Every 4096 records it checks the cancellation flag and the thread's
 * interrupt status (a killed attempt fails with {@link java.util.concurrent.CancellationException}), updates
 * counters and progress.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class MapRunner {
    private static final int CHECK_MASK = 4095;

    private final Job job;
    private final SimpleTaskContext context;
    private final BooleanSupplier cancelled;

    public MapRunner(Job job, SimpleTaskContext context, BooleanSupplier cancelled) {
        this.job = Objects.requireNonNull(job, "job");
        this.context = Objects.requireNonNull(context, "context");
        this.cancelled = cancelled == null ? () -> false : cancelled;
        if (context.split() == null) {
            throw new IllegalArgumentException("a map attempt needs an input split");
        }
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
        Counter outputRecords = context.counter(Counters.MAP_OUTPUT_RECORDS);
        RecordWriter writer = job.outputFormat().createWriter(outputFile, context);
        long[] count = new long[1];
        boolean ok = false;
        try {
            Emitter emitter = (k, v) -> {
                writer.write(k, v);
                count[0]++;
            };
            runMapper(emitter);
            ok = true;
        } finally {
            try {
                writer.close();
            } catch (IOException e) {
                if (ok) {
                    throw e;
                }
            }
            outputRecords.increment(count[0]);
        }
        context.counter(Counters.OUTPUT_BYTES).increment(Files.size(outputFile));
        context.progress(1f);
    }

    private void runMapper(Emitter out) throws Exception {
        InputSplit split = context.split();
        Counter inputRecords = context.counter(Counters.MAP_INPUT_RECORDS);
        Counter inputBytes = context.counter(Counters.MAP_INPUT_BYTES);
        Mapper mapper = job.mapper().get();
        context.status("mapping " + split.path() + " [" + split.start() + ", " + split.end() + ")");
        try (RecordReader reader = job.inputFormat().createReader(split, context)) {
            mapper.setup(context);
            long records = 0;
            long reportedRecords = 0;
            long reportedBytes = 0;
            while (reader.next()) {
                mapper.map(reader.key(), reader.value(), out);
                if ((++records & CHECK_MASK) == 0) {
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
            Cancellation.check(cancelled);
            mapper.cleanup(out);
        }
    }
}
