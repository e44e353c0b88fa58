package io.gristmill.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the lines a split owns (rules in {@link TextInputFormat}) with one large reusable buffer. */
final class LineRecordReader implements RecordReader<MutableLong, Text> {
    private static final int INITIAL_BUFFER = 1 << 20;

    private final FileChannel channel;
    private final String path;
    private final long start;
    private final long end;
    private final long fileLength;
    private final int maxLineLength;
    private final MutableLong key = new MutableLong();
    private final Text value = new Text();

    private byte[] buf;
    private long bufFileOffset; // file offset of buf[0]
    private int bufLimit;       // valid bytes in buf
    private long pos;           // file offset of the next line's first byte
    private long firstLine;     // file offset of the first line this split owns
    private long recordStart;   // file offset of the current line (the key is the mapper's to change)

    LineRecordReader(InputSplit split, int maxLineLength) throws IOException {
        // a small split (a small file) gets a small buffer: zeroing 1 MiB would cost more than reading it
        this(split, maxLineLength, (int) Math.min(INITIAL_BUFFER, Math.max(1 << 13, split.end() - split.start() + (1 << 12))));
    }

    /** With a chosen initial buffer size, so that tests can put buffer boundaries anywhere. */
    LineRecordReader(InputSplit split, int maxLineLength, int initialBuffer) throws IOException {
        this.buf = new byte[initialBuffer];
        this.path = split.path();
        this.channel = FileChannel.open(Path.of(split.path()), StandardOpenOption.READ);
        this.start = split.start();
        this.end = split.end();
        this.fileLength = channel.size();
        this.maxLineLength = maxLineLength;
        try {
            this.pos = start == 0 ? 0 : firstLineStartAfter(start - 1);
            this.firstLine = pos;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The offset just past the first '\n' at or after {@code from}, or the file length if there is none. */
    private long firstLineStartAfter(long from) throws IOException {
        bufFileOffset = from;
        bufLimit = 0;
        while (true) {
            if (!fill()) {
                return fileLength;
            }
            int nl = indexOfNewline(0, bufLimit);
            if (nl >= 0) {
                return bufFileOffset + nl + 1;
            }
            bufFileOffset += bufLimit;
            bufLimit = 0;
        }
    }

    @Override
    public boolean next() throws IOException {
        if (pos >= end || pos >= fileLength) {
            return false;
        }
        int lineStart = ensureBuffered(pos);
        int searchFrom = lineStart;
        while (true) {
            int nl = indexOfNewline(searchFrom, bufLimit);
            if (nl >= 0) {
                int contentEnd = nl > lineStart && buf[nl - 1] == '\r' ? nl - 1 : nl;
                return emitLine(lineStart, contentEnd, bufFileOffset + nl + 1);
            }
            int scanned = bufLimit - lineStart;
            checkLength(scanned - 1); // the last byte may be a '\r' that will be stripped
            lineStart = makeRoom(lineStart);
            searchFrom = lineStart + scanned;
            if (!fill()) {
                return emitLine(lineStart, bufLimit, fileLength);
            }
        }
    }

    private boolean emitLine(int lineStart, int contentEnd, long nextPos) throws IOException {
        checkLength(contentEnd - lineStart);
        key.set(pos);
        recordStart = pos;
        value.wrap(buf, lineStart, contentEnd - lineStart);
        pos = nextPos;
        return true;
    }

    private void checkLength(int length) throws IOException {
        if (length > maxLineLength) {
            throw new IOException("line at byte " + pos + " of " + path + " is longer than maxLineLength ("
                    + maxLineLength + " bytes)");
        }
    }

    /** Makes sure the byte at file offset {@code offset} is in the buffer; returns its index. */
    private int ensureBuffered(long offset) throws IOException {
        long index = offset - bufFileOffset;
        if (index >= 0 && index < bufLimit) {
            return (int) index;
        }
        bufFileOffset = offset;
        bufLimit = 0;
        fill();
        return 0;
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
        bufFileOffset += lineStart;
        bufLimit = partial;
        return 0;
    }

    /** Reads more bytes after {@code bufLimit}; false at end of file. */
    private boolean fill() throws IOException {
        long fileOffset = bufFileOffset + bufLimit;
        if (fileOffset >= fileLength) {
            return false;
        }
        if (bufLimit == buf.length) {
            return false;
        }
        int n = channel.read(ByteBuffer.wrap(buf, bufLimit, buf.length - bufLimit), fileOffset);
        if (n <= 0) {
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
        long length = end - start;
        return length == 0 ? 1f : Math.min(1f, (float) (pos - start) / length);
    }

    @Override
    public long bytesRead() {
        // counted from the first owned line, so the splits of a file add up to its size
        return Math.max(0, Math.min(pos, fileLength) - firstLine);
    }

    @Override
    public long position() {
        return recordStart;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
