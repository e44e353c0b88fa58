package io.gristmill.worker.internal.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the compressed bytes a decompressor has taken, for progress and for naming where corrupt input is. */
final class CountingInputStream extends FilterInputStream {
    /** Written by the thread that decodes, read by the map's for its progress (see DecodeAheadInputStream). */
    private volatile long count;

    CountingInputStream(InputStream in, long start) {
        super(in);
        this.count = start;
    }

    /** The file offset just past the last byte handed out. */
    long position() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
