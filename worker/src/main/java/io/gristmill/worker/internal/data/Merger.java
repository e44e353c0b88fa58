package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * K-way merge of sorted segments with bounded memory: at most {@code mergeFactor} segments are open at once, each
 * with a {@code readBufferBytes} buffer. With more segments, the smallest {@code mergeFactor} are merged into an
 * intermediate run in {@code tempDir} (repeatedly) until at most {@code mergeFactor} remain; the returned stream
 * deletes those intermediate files when closed.
 */
public final class Merger {
    /** Default number of segments merged at once. */
    public static final int DEFAULT_MERGE_FACTOR = 64;
    /** Default read buffer per open segment. */
    public static final int DEFAULT_READ_BUFFER = 128 << 10;

    private final RawComparator comparator;
    private final int mergeFactor;
    private final int readBufferBytes;
    private final Path tempDir;
    private final BooleanSupplier cancelled;
    private int tempCounter;
    private long recordsMerged; // read by other threads without synchronization, see recordsMerged()

    public Merger(RawComparator comparator, int mergeFactor, int readBufferBytes, Path tempDir,
            BooleanSupplier cancelled) {
        if (mergeFactor < 2) {
            throw new IllegalArgumentException("mergeFactor must be >= 2, got " + mergeFactor);
        }
        this.comparator = comparator;
        this.mergeFactor = mergeFactor;
        this.readBufferBytes = Math.max(4096, readBufferBytes);
        this.tempDir = tempDir;
        this.cancelled = cancelled == null ? () -> false : cancelled;
    }

    /**
     * Records written to intermediate runs so far, advanced every 4096 records: long intermediate merges count as
     * activity of their attempt. Readable from any thread; a stale value only delays when it sees the merge move.
     */
    long recordsMerged() {
        return recordsMerged;
    }

    /** Opens a sorted stream over all records of {@code segments}. The caller closes it. */
    RecordStream open(List<Segment> segments) throws IOException {
        List<Segment> pending = new ArrayList<>();
        for (Segment s : segments) {
            if (s.length() > 0) {
                pending.add(s);
            }
        }
        List<Path> temps = new ArrayList<>();
        try {
            while (pending.size() > mergeFactor) {
                pending.sort(Comparator.comparingLong(Segment::length));
                // The first pass merges just enough segments that every later pass merges a full mergeFactor.
                int first = (pending.size() - 1) % (mergeFactor - 1) + 1;
                int take = first == 1 ? mergeFactor : first;
                List<Segment> group = new ArrayList<>(pending.subList(0, take));
                pending.subList(0, take).clear();
                Segment merged = mergeToFile(group);
                temps.add(merged.file());
                pending.add(merged);
            }
            RecordStream stream = openDirect(pending);
            return temps.isEmpty() ? stream : new RecordStreamWithCleanup(stream, temps);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temps);
            throw e;
        }
    }

    private RecordStream openDirect(List<Segment> segments) throws IOException {
        List<SegmentReader> readers = new ArrayList<>(segments.size());
        try {
            for (Segment s : segments) {
                readers.add(new SegmentReader(s, readBufferBytes));
            }
        } catch (IOException | RuntimeException e) {
            for (SegmentReader r : readers) {
                try {
                    r.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new LoserTreeMerger(readers, comparator);
    }

    private Segment mergeToFile(List<Segment> group) throws IOException {
        Files.createDirectories(tempDir);
        Path file = tempDir.resolve("merge-" + (tempCounter++) + "-" + System.nanoTime() + ".run");
        try (RecordStream in = openDirect(group); RunWriter out = new RunWriter(file, 1, readBufferBytes)) {
            long n = 0;
            while (in.next()) {
                if ((++n & 4095) == 0) {
                    Cancellation.check(cancelled);
                    recordsMerged += 4096;
                }
                out.write(in.keyBuffer(), in.keyOffset(), in.keyLength(),
                        in.valueBuffer(), in.valueOffset(), in.valueLength());
            }
            recordsMerged += n & 4095;
            PartitionInfo info = out.finish()[0];
            return new Segment(file, 0, info.length());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static void deleteQuietly(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: the temp dir is removed with the attempt
            }
        }
    }

    /** Closes the underlying stream, then deletes intermediate files. */
    private static final class RecordStreamWithCleanup implements RecordStream {
        private final RecordStream in;
        private final List<Path> temps;

        RecordStreamWithCleanup(RecordStream in, List<Path> temps) {
            this.in = in;
            this.temps = temps;
        }

        @Override
        public boolean next() throws IOException {
            return in.next();
        }

        @Override
        public byte[] keyBuffer() {
            return in.keyBuffer();
        }

        @Override
        public int keyOffset() {
            return in.keyOffset();
        }

        @Override
        public int keyLength() {
            return in.keyLength();
        }

        @Override
        public byte[] valueBuffer() {
            return in.valueBuffer();
        }

        @Override
        public int valueOffset() {
            return in.valueOffset();
        }

        @Override
        public int valueLength() {
            return in.valueLength();
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                deleteQuietly(temps);
            }
        }
    }
}
