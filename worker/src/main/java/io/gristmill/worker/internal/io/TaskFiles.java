package io.gristmill.worker.internal.io;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.gristmill.api.InputSplit;
import io.gristmill.api.SplitInput;
import io.gristmill.cluster.io.AttemptOutput;
import io.gristmill.cluster.io.Compression;
import io.gristmill.cluster.io.LocalStorage;
import io.gristmill.cluster.io.Storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What a task attempt reads and writes, opened by the engine for the job's formats: a split's bytes, decompressed by
 * the codec its file name selects, and the attempt's output file, compressed as the job asks. Raw bytes come from a
 * {@link Storage}. Blocking: task threads only.
 */
public final class TaskFiles {
    private static final int GZIP_BUFFER = 1 << 16;
    /** Decoding runs this far ahead of the mapper (2 MiB a stream): enough to ride out either side's hiccups. */
    private static final int DECODE_AHEAD_CHUNK = 1 << 18;
    private static final int DECODE_AHEAD_CHUNKS = 8;
    /** zstd's default level: about gzip's ratio at several times its speed. */
    private static final int ZSTD_LEVEL = 3;

    private final Storage storage;
    private final Compression output;

    public TaskFiles(Storage storage, Compression output) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.output = Objects.requireNonNull(output, "output");
        if (!output.equals(Compression.NONE) && !output.equals(Compression.GZIP) && !output.equals(Compression.ZSTD)) {
            throw new IllegalArgumentException("output compression must be none, gzip or zstd, got " + output);
        }
    }

    /** Local files, uncompressed output. */
    public static TaskFiles local() {
        return new TaskFiles(LocalStorage.INSTANCE, Compression.NONE);
    }

    /** How this attempt's output is compressed. */
    public Compression outputCompression() {
        return output;
    }

    /** Opens {@code split} for the job's input format. */
    public SplitInput openSplit(InputSplit split) throws IOException {
        Compression codec = Compression.ofPath(split.path());
        return switch (codec) {
            case NONE -> new RangeInput(split, storage.openRead(split.path(), RangeInput.base(split)), RangeInput.base(split));
            case GZIP, ZSTD -> openStream(split, codec);
            case BZIP2 -> Bzip2Input.open(split, storage);
        };
    }

    private SplitInput openStream(InputSplit split, Compression codec) throws IOException {
        if (split.start() != 0) {
            throw new IOException("a " + codec.specName() + " file is read whole by one split, but " + split.path()
                    + " was given a split starting at byte " + split.start());
        }
        long size = storage.size(split.path());
        CountingInputStream raw = new CountingInputStream(storage.openRead(split.path(), 0), 0);
        try {
            InputStream decoder = codec == Compression.GZIP ? new GZIPInputStream(raw, GZIP_BUFFER)
                    : new ZstdInputStreamNoFinalizer(raw);
            InputStream decoded = new DecodeAheadInputStream(decoder, "decode " + split.path(), DECODE_AHEAD_CHUNK,
                    DECODE_AHEAD_CHUNKS);
            return new StreamInput(split, codec, raw, decoded, size);
        } catch (IOException | RuntimeException e) { // a bad header fails at once
            raw.close();
            throw Corrupt.input(codec, split.path(), raw.position(), e);
        }
    }

    /** Creates the output file at {@code path}, compressed as the job asks. */
    public Output createOutput(String path) throws IOException {
        return wrap(storage.create(path));
    }

    /** Opens the attempt's part, compressed as the job asks. */
    public Output createOutput(AttemptOutput target) throws IOException {
        return wrap(target.open());
    }

    private Output wrap(OutputStream stored) throws IOException {
        CountingOutputStream raw = new CountingOutputStream(stored);
        try {
            OutputStream out = switch (output) {
                case GZIP -> new GZIPOutputStream(raw, GZIP_BUFFER);
                case ZSTD -> new ZstdOutputStreamNoFinalizer(raw, ZSTD_LEVEL).setChecksum(true); // as the zstd command
                default -> raw;
            };
            return new Output(out, raw);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * An output as formats get it. The writer closes it and the engine closes it again after the writer, in case the
     * writer did not; {@link #storedBytes} counts what reached the storage (after compression).
     */
    public static final class Output extends FilterOutputStream {
        private final CountingOutputStream stored;
        private boolean closed;

        Output(OutputStream out, CountingOutputStream stored) {
            super(out);
            this.stored = stored;
        }

        /** Bytes written to the storage so far: the part's size once closed. */
        public long storedBytes() {
            return stored.count;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // FilterOutputStream would write byte by byte
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
