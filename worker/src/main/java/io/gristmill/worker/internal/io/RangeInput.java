package io.gristmill.worker.internal.io;

import io.gristmill.api.InputSplit;
import io.gristmill.api.SplitInput;

import java.io.IOException;
import java.io.InputStream;

/**
 * An uncompressed file's split: its bytes from the one before the split's start (so that a record beginning exactly
 * at the start is found) to the end of the file; a record belongs to the split holding its first byte.
 */
final class RangeInput implements SplitInput {
    private final InputSplit split;
    private final long base;
    private final InputStream in;

    RangeInput(InputSplit split, InputStream in, long base) {
        this.split = split;
        this.in = in;
        this.base = base;
    }

    /** Where a split's bytes begin in the file. */
    static long base(InputSplit split) {
        return Math.max(0, split.start() - 1);
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
        if (split.length() == 0) {
            return 1f;
        }
        return Math.max(0f, Math.min(1f, (float) (base + offset - split.start()) / split.length()));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
