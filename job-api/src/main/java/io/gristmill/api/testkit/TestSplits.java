package io.gristmill.api.testkit;

import io.gristmill.api.InputSplit;
import io.gristmill.api.SplitInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link SplitInput}s over uncompressed local files, as the engine opens them: for testing an input format's
 * readers without an engine. (The engine also decompresses; tests of compressed input run the engine.)
 */
public final class TestSplits {
    private TestSplits() {
    }

    /** The bytes of {@code [start, start + length)} of {@code file} as a map attempt reading that split sees them. */
    public static SplitInput of(Path file, long start, long length) throws IOException {
        return new FileRange(new InputSplit(file.toAbsolutePath().toString(), start, length));
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
