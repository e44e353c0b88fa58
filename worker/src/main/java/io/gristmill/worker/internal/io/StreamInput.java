package io.gristmill.worker.internal.io;

import io.gristmill.api.InputSplit;
import io.gristmill.api.SplitInput;
import io.gristmill.cluster.io.Compression;

import java.io.IOException;
import java.io.InputStream;

/**
 * A gzip or zstd file, read whole by one split: such a stream can only be decoded from its start, so the coordinator
 * never cuts it. Offsets are offsets in the decompressed data. A decoding failure (corrupt or truncated data) is an
 * {@link IOException} naming the file and how far into the compressed bytes it was noticed.
 */
final class StreamInput implements SplitInput {
    private final InputSplit split;
    private final Compression codec;
    private final CountingInputStream raw;
    private final InputStream decoded;
    private final long fileSize;

    StreamInput(InputSplit split, Compression codec, CountingInputStream raw, InputStream decoded, long fileSize) {
        this.split = split;
        this.codec = codec;
        this.raw = raw;
        this.decoded = decoded;
        this.fileSize = fileSize;
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
        try {
            return decoded.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw Corrupt.input(codec, split.path(), raw.position(), e);
        }
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
        return fileSize == 0 ? 1f : Math.min(1f, (float) raw.position() / fileSize);
    }

    @Override
    public void close() throws IOException {
        decoded.close();
    }
}
