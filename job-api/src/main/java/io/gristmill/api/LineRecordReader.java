package io.gristmill.api;

import java.io.IOException;

/**
 * Reads the lines a split owns (rules in {@link TextInputFormat} and {@link SplitInput}) with one large reusable
 * buffer. Offsets here are offsets in the split input's bytes; keys are their {@link SplitInput#position}.
 */
final class LineRecordReader implements RecordReader<MutableLong, Text> {
    private static final int INITIAL_BUFFER = 1 << 20;

    private final SplitInput in;
    private final int maxLineLength;
    private final MutableLong key = new MutableLong();
    private final Text value = new Text();

    private byte[] buf;
    private long bufOffset;     // input offset of buf[0]
    private int bufLimit;       // valid bytes in buf
    private boolean eof;        // the input has no bytes after bufLimit
    private long pos;           // input offset of the next line's first byte
    private long firstLine;     // input offset of the first line this split owns
    private long recordStart;   // input offset of the current line (the key is the mapper's to change)

    LineRecordReader(SplitInput in, int maxLineLength) throws IOException {
        // a small split (a small file) gets a small buffer: zeroing 1 MiB would cost more than reading it
        this(in, maxLineLength, (int) Math.min(INITIAL_BUFFER, Math.max(1 << 13, in.split().length() + (1 << 12))));
    }

    /** With a chosen initial buffer size, so that tests can put buffer boundaries anywhere. */
    LineRecordReader(SplitInput in, int maxLineLength, int initialBuffer) throws IOException {
        this.in = in;
        this.buf = new byte[initialBuffer];
        this.maxLineLength = maxLineLength;
        try {
            this.pos = in.atFileStart() ? 0 : firstLineStart();
            this.firstLine = pos;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The offset just past the first '\n' (the start of the first line this split may own), or the end of input. */
    private long firstLineStart() throws IOException {
        while (fill()) {
            int nl = indexOfNewline(0, bufLimit);
            if (nl >= 0) {
                return bufOffset + nl + 1;
            }
            bufOffset += bufLimit;
            bufLimit = 0;
        }
        return bufOffset + bufLimit;
    }

    @Override
    public boolean next() throws IOException {
        if (!in.owns(pos)) {
            return false;
        }
        if (pos == bufOffset + bufLimit) { // everything buffered is consumed: start over at the front
            bufOffset = pos;
            bufLimit = 0;
            if (!fill()) {
                return false;
            }
        }
        int lineStart = (int) (pos - bufOffset);
        int searchFrom = lineStart;
        while (true) {
            int nl = indexOfNewline(searchFrom, bufLimit);
            if (nl >= 0) {
                int contentEnd = nl > lineStart && buf[nl - 1] == '\r' ? nl - 1 : nl;
                return emitLine(lineStart, contentEnd, bufOffset + nl + 1);
            }
            int scanned = bufLimit - lineStart;
            checkLength(scanned - 1); // the last byte may be a '\r' that will be stripped
            lineStart = makeRoom(lineStart);
            searchFrom = lineStart + scanned;
            if (!fill()) {
                return emitLine(lineStart, bufLimit, bufOffset + bufLimit);
            }
        }
    }

    private boolean emitLine(int lineStart, int contentEnd, long nextPos) throws IOException {
        checkLength(contentEnd - lineStart);
        key.set(in.position(pos));
        recordStart = pos;
        value.wrap(buf, lineStart, contentEnd - lineStart);
        pos = nextPos;
        return true;
    }

    private void checkLength(int length) throws IOException {
        if (length > maxLineLength) {
            throw new IOException("line at byte " + in.position(pos) + " of " + in.split().path()
                    + " is longer than maxLineLength (" + maxLineLength + " bytes)");
        }
    }

    /**
     * Moves the partial line at {@code lineStart} to the front of the buffer (growing it when the line fills it
     * all) so that more bytes can be read after it; returns the line's new index, which is 0.
     */
    private int makeRoom(int lineStart) {
        int partial = bufLimit - lineStart;
        if (lineStart > 0) {
            System.arraycopy(buf, lineStart, buf, 0, partial);
        } else if (partial == buf.length) {
            byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, (long) maxLineLength + 2)];
            System.arraycopy(buf, 0, bigger, 0, partial);
            buf = bigger;
        }
        bufOffset += lineStart;
        bufLimit = partial;
        return 0;
    }

    /** Reads more bytes after {@code bufLimit}; false at the end of input or when the buffer is full. */
    private boolean fill() throws IOException {
        if (eof || bufLimit == buf.length) {
            return false;
        }
        int n = in.read(buf, bufLimit, buf.length - bufLimit);
        if (n < 0) {
            eof = true;
            return false;
        }
        bufLimit += n;
        return true;
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public MutableLong key() {
        return key;
    }

    @Override
    public Text value() {
        return value;
    }

    @Override
    public float progress() {
        return in.progress(pos);
    }

    @Override
    public long bytesRead() {
        // counted from the first owned line, so the splits of a file add up to its (decompressed) size
        return pos - firstLine;
    }

    @Override
    public long position() {
        return in.position(recordStart);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
