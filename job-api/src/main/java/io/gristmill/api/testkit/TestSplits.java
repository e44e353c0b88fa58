package io.gristmill.api.testkit;

import io.gristmill.api.InputSplit;
import io.gristmill.api.SplitInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link SplitInput}s over local files, as the engine opens them: for testing an input format's readers without an
 * engine. Uncompressed files split anywhere; a {@code .gz} file is read whole, decompressed, as the engine reads it.
 * ({@code .zst} and {@code .bz2} need the engine's codecs, which job-api does not carry: they are refused.)
 */
public final class TestSplits {
    private TestSplits() {
    }

    /** The bytes of {@code [start, start + length)} of {@code file} as a map attempt reading that split sees them. */
    public static SplitInput of(Path file, long start, long length) throws IOException {
        InputSplit split = new InputSplit(file.toAbsolutePath().toString(), start, length);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".gz")) {
            if (start != 0) {
                throw new IOException("a gzip file is read whole by one split: " + file + " from byte " + start);
            }
            return new Gzip(split);
        }
        if (name.endsWith(".zst") || name.endsWith(".bz2")) {
            throw new IOException("the test kit reads uncompressed and .gz files only; run " + file
                    + " through the engine (gristmill local) to read zstd or bzip2");
        }
        return new FileRange(split);
    }

    /** A gzip file, read whole and decompressed; offsets are offsets in the decompressed data. */
    private static final class Gzip implements SplitInput {
        private final InputSplit split;
        private final InputStream in;

        Gzip(InputSplit split) throws IOException {
            this.split = split;
            this.in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(split.path())), 1 << 16);
        }

        @Override
        public InputSplit split() {
            return split;
        }

        @Override
        public boolean atFileStart() {
            return true;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }

        @Override
        public boolean owns(long offset) {
            return true;
        }

        @Override
        public long position(long offset) {
            return offset;
        }

        @Override
        public float progress(long offset) {
            return 0f;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The whole of {@code file} as one split. */
    public static SplitInput of(Path file) throws IOException {
        return of(file, 0, Files.size(file));
    }

    /** An uncompressed file's split: its bytes from the one before the split's start, so a line starting there is found. */
    private static final class FileRange implements SplitInput {
        private final InputSplit split;
        private final long base;
        private final InputStream in;

        FileRange(InputSplit split) throws IOException {
            this.split = split;
            this.base = Math.max(0, split.start() - 1);
            this.in = Files.newInputStream(Path.of(split.path()));
            in.skipNBytes(Math.min(base, Files.size(Path.of(split.path()))));
        }

        @Override
        public InputSplit split() {
            return split;
        }

        @Override
        public boolean atFileStart() {
            return split.start() == 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }

        @Override
        public boolean owns(long offset) {
            return base + offset < split.end();
        }

        @Override
        public long position(long offset) {
            return base + offset;
        }

        @Override
        public float progress(long offset) {
            return split.length() == 0 ? 1f : Math.max(0f, Math.min(1f, (float) (base + offset - split.start()) / split.length()));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
