package io.gristmill.worker.internal.data;

import io.gristmill.api.BytesOut;
import io.gristmill.api.Counter;
import io.gristmill.api.Job;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Serde;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Collects a map attempt's output: serializes each emitted pair, partitions it, buffers it in a bounded
 * {@link SortBuffer} (or, with a merge combiner, aggregates it in a bounded {@link HashAggregator}), spills sorted
 * runs (combined, if the job has a combiner) to {@code spillDir} whenever the buffer reaches
 * {@code sortBufferBytes}, and on {@link #close()} produces one data file {@code <base>.data} with all partitions
 * in order plus its index {@code <base>.index} ({@link MapOutputIndex}). With no spill the output is written
 * straight from memory; with one spill that spill becomes the output; with more they are merged (k-way, with
 * the combiner applied again). Spill files are deleted afterwards. Run framing: {@link RecordFormat}.
 *
 * <p>Used by one task thread. {@code emit} allocates nothing per record (beyond what serdes and the merge
 * combiner allocate).
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class MapOutputCollector implements MapperOutput {
    private static final int WRITE_BUFFER = 1 << 20;

    private final Job job;
    private final int numPartitions;
    private final long budget;
    private final Path spillDir;
    private final Path dataFile;
    private final Path indexFile;
    private final String spillPrefix;
    private final SimpleTaskContext context;
    private final BooleanSupplier cancelled;
    private static final Serde<Text> TEXT = Serdes.text();

    private final Serde keySerde;
    private final Serde valueSerde;
    private final Partitioner partitioner;
    private final BytesOut keyOut = new BytesOut(256);
    private final BytesOut valueOut = new BytesOut(256);
    private final Counter outputRecordsCounter;
    private final Counter outputBytesCounter;
    private final Counter combineInCounter;
    private final Counter combineOutCounter;
    private final Counter spillsCounter;
    private final Counter spilledRecordsCounter;
    private final boolean hasCombiner;
    private final List<Spill> spills = new ArrayList<>();
    private SortBuffer buffer;
    private HashAggregator aggregator;
    private long outputRecords;        // every record emitted so far: the attempt's activity reads it
    private long countedOutputRecords; // the part of outputRecords already added to its counter
    private long outputBytes;
    private long aggregatedInputs;
    private boolean closed;
    private boolean failed;

    public MapOutputCollector(Job job, int numPartitions, long sortBufferBytes, Path spillDir, Path outputBase,
            SimpleTaskContext context) {
        this(job, numPartitions, sortBufferBytes, spillDir, outputBase, context, () -> false);
    }

    public MapOutputCollector(Job job, int numPartitions, long sortBufferBytes, Path spillDir, Path outputBase,
            SimpleTaskContext context, BooleanSupplier cancelled) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be >= 1, got " + numPartitions);
        }
        this.job = job;
        this.numPartitions = numPartitions;
        this.budget = Math.max(1 << 16, sortBufferBytes);
        this.spillDir = spillDir;
        this.dataFile = outputBase.resolveSibling(outputBase.getFileName() + ".data");
        this.indexFile = outputBase.resolveSibling(outputBase.getFileName() + ".index");
        this.spillPrefix = outputBase.getFileName() + ".spill";
        this.context = context;
        this.cancelled = cancelled;
        this.keySerde = job.keySerde();
        this.valueSerde = job.valueSerde();
        this.partitioner = job.partitioner();
        this.hasCombiner = Combine.jobHasCombiner(job);
        this.outputRecordsCounter = context.counter(Counters.MAP_OUTPUT_RECORDS);
        this.outputBytesCounter = context.counter(Counters.MAP_OUTPUT_BYTES);
        this.combineInCounter = context.counter(Counters.COMBINE_INPUT_RECORDS);
        this.combineOutCounter = context.counter(Counters.COMBINE_OUTPUT_RECORDS);
        this.spillsCounter = context.counter(Counters.SPILLS);
        this.spilledRecordsCounter = context.counter(Counters.SPILLED_RECORDS);
        if (job.mergeCombiner() != null) {
            aggregator = new HashAggregator(valueSerde, job.mergeCombiner(), partitioner, numPartitions,
                    job.sortComparator());
        } else {
            buffer = new SortBuffer(job.sortComparator(), numPartitions, budget);
        }
    }

    @Override
    public void emit(Object key, Object value) throws IOException {
        try {
            collect(key, value);
        } catch (Throwable t) {
            failed = true;
            throw t;
        }
    }

    @Override
    public long recordsEmitted() {
        return outputRecords;
    }

    @Override
    public boolean hasFailed() {
        return failed;
    }

    private void collect(Object key, Object value) throws IOException {
        if (closed) {
            throw new IllegalStateException("emit after the map output was closed");
        }
        BytesOut vo = valueOut;
        int vLen;
        if (aggregator != null && aggregator.sumsLongs()) {
            vLen = Long.BYTES; // summed as a primitive: the serialized form is only counted
        } else {
            vo.reset();
            valueSerde.write(value, vo);
            vLen = vo.size();
        }
        outputRecords++;
        if (aggregator != null) {
            // the text serde's form is the text's bytes: aggregate straight from them, no copy
            boolean inPlace = keySerde == TEXT && key instanceof Text;
            byte[] k;
            int kOff;
            int kLen;
            if (inPlace) {
                Text text = (Text) key;
                k = text.bytes();
                kOff = text.offset();
                kLen = text.length();
            } else {
                keyOut.reset();
                keySerde.write(key, keyOut);
                k = keyOut.array();
                kOff = 0;
                kLen = keyOut.size();
            }
            outputBytes += kLen + vLen;
            boolean inserted;
            try {
                inserted = aggregator.add(key, k, kOff, kLen, value, vo.array(), vLen);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw Sneaky.rethrow(e);
            }
            aggregatedInputs++;
            if (inserted && aggregator.memoryEstimate() >= budget) {
                spill();
            }
            return;
        }
        BytesOut ko = keyOut;
        ko.reset();
        keySerde.write(key, ko);
        int kLen = ko.size();
        outputBytes += kLen + vLen;
        int p = partitioner.partition(key, ko.array(), 0, kLen, numPartitions);
        if (p < 0 || p >= numPartitions) {
            throw new IllegalStateException("partitioner returned " + p + ", outside [0, " + numPartitions + ")");
        }
        if (!buffer.fits(kLen, vLen)) {
            spill();
        }
        buffer.add(p, ko.array(), 0, kLen, vo.array(), 0, vLen);
    }

    private boolean bufferEmpty() {
        return aggregator != null ? aggregator.size() == 0 : buffer.size() == 0;
    }

    private void spill() throws IOException {
        Cancellation.check(cancelled);
        Files.createDirectories(spillDir);
        Path file = spillDir.resolve(spillPrefix + spills.size());
        PartitionInfo[] infos = writeBuffer(file);
        long records = 0;
        for (PartitionInfo i : infos) {
            records += i.records();
        }
        spills.add(new Spill(file, infos));
        spillsCounter.increment(1);
        spilledRecordsCounter.increment(records);
        flushCounters();
    }

    /** Sorts the in-memory records and writes them (combined) as one run; empties the buffer. */
    private PartitionInfo[] writeBuffer(Path file) throws IOException {
        try (RunWriter out = new RunWriter(file, numPartitions, WRITE_BUFFER)) {
            if (aggregator != null) {
                long written = aggregator.writeSorted(out, valueOut);
                aggregator.clear();
                combineInCounter.increment(aggregatedInputs);
                combineOutCounter.increment(written);
                aggregatedInputs = 0;
            } else {
                buffer.sort();
                Combine combine = new Combine(job, context, cancelled, combineInCounter, combineOutCounter);
                int n = buffer.size();
                int from = 0;
                try {
                    while (from < n) {
                        int p = buffer.partitionAt(from);
                        int to = from + 1;
                        while (to < n && buffer.partitionAt(to) == p) {
                            to++;
                        }
                        out.partition(p);
                        if (hasCombiner) {
                            combine.run(buffer.range(from, to), out);
                        } else {
                            buffer.write(out, from, to);
                        }
                        from = to;
                    }
                    combine.finish();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw Sneaky.rethrow(e);
                }
                buffer.reset();
            }
            return out.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private void flushCounters() {
        outputRecordsCounter.increment(outputRecords - countedOutputRecords);
        outputBytesCounter.increment(outputBytes);
        countedOutputRecords = outputRecords;
        outputBytes = 0;
    }

    /** Writes the final data and index files and deletes the spills. */
    public MapOutput close() throws IOException {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        closed = true;
        flushCounters();
        try {
            PartitionInfo[] infos;
            if (spills.isEmpty()) {
                infos = writeBuffer(dataFile);
            } else {
                if (!bufferEmpty()) {
                    spill();
                }
                buffer = null;
                aggregator = null;
                if (spills.size() == 1) {
                    Spill only = spills.get(0);
                    Files.move(only.file, dataFile, StandardCopyOption.REPLACE_EXISTING);
                    infos = only.infos;
                } else {
                    infos = mergeSpills();
                }
            }
            buffer = null;
            aggregator = null;
            List<PartitionInfo> list = Arrays.asList(infos);
            MapOutputIndex.write(indexFile, list);
            return new MapOutput(dataFile, indexFile, list);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(dataFile);
            Files.deleteIfExists(indexFile);
            throw e;
        } finally {
            deleteSpills();
        }
    }

    private PartitionInfo[] mergeSpills() throws IOException {
        int readBuffer = (int) Math.max(16 << 10,
                Math.min(Merger.DEFAULT_READ_BUFFER, budget / Merger.DEFAULT_MERGE_FACTOR));
        Merger merger = new Merger(job.sortComparator(), Merger.DEFAULT_MERGE_FACTOR, readBuffer, spillDir,
                cancelled);
        Combine combine = new Combine(job, context, cancelled, combineInCounter, combineOutCounter);
        try (RunWriter out = new RunWriter(dataFile, numPartitions, WRITE_BUFFER)) {
            List<Segment> segments = new ArrayList<>(spills.size());
            for (int p = 0; p < numPartitions; p++) {
                segments.clear();
                for (Spill s : spills) {
                    PartitionInfo info = s.infos[p];
                    segments.add(new Segment(s.file, info.offset(), info.length()));
                }
                out.partition(p);
                try (RecordStream in = merger.open(segments)) {
                    combine.run(in, out);
                }
            }
            combine.finish();
            return out.finish();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw Sneaky.rethrow(e);
        }
    }

    /** Discards everything written so far (spills and partial output); for a failed or killed attempt. */
    public void abort() {
        closed = true;
        buffer = null;
        aggregator = null;
        deleteSpills();
        try {
            Files.deleteIfExists(dataFile);
            Files.deleteIfExists(indexFile);
        } catch (IOException ignored) {
            // best effort: the attempt's work dir is removed as a whole later
        }
    }

    private void deleteSpills() {
        for (Spill s : spills) {
            try {
                Files.deleteIfExists(s.file);
            } catch (IOException ignored) {
                // best effort: the attempt's work dir is removed as a whole later
            }
        }
        spills.clear();
    }

    private record Spill(Path file, PartitionInfo[] infos) {
    }
}
