package io.gristmill.worker.internal.shuffle;

import io.gristmill.worker.internal.data.CorruptSegmentException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a batch response body ({@link SegmentFrames}) as it arrives, in chunks cut anywhere: writes each partition's
 * bytes one after the other to {@code out} and checks, per segment, that it is the map attempt asked for at that
 * place, its length and its CRC32C. A segment is {@linkplain Listener reported} only once it is checked and its
 * bytes are written, so a body that breaks off leaves every reported segment whole and nothing else counted.
 * Fed by one thread at a time.
 */
final class SegmentFrameDecoder {
    /** Told of each checked segment: its place in the request and its region of {@code out}. */
    interface Listener {
        void segment(int index, long offset, long length);
    }

    private static final int MAX_HEADER = SegmentFrames.headerLength(128);
    private static final int OUT_BUFFER = 64 << 10;

    private final List<String> expected;
    private final WritableByteChannel out;
    private final Listener listener;
    private final ByteBuffer header = ByteBuffer.allocate(MAX_HEADER);
    private final ByteBuffer pendingOut = ByteBuffer.allocate(OUT_BUFFER);
    private final List<long[]> done = new ArrayList<>(); // checked segments whose bytes may still sit in pendingOut
    private final CRC32C crc = new CRC32C();
    private int headerTarget = SegmentFrames.FIXED_BEFORE_ID;
    private int index;            // the segment being read = segments completed
    private long remaining = -1;  // data bytes of the current segment still to come; -1 while reading its header
    private long length;
    private long expectedCrc;
    private long segmentStart;
    private long written;         // bytes handed to out or pendingOut so far = the next segment's offset

    /** @param expected the map attempt ids asked for, in the order asked */
    SegmentFrameDecoder(List<String> expected, WritableByteChannel out, Listener listener) {
        this.expected = List.copyOf(expected);
        this.out = out;
        this.listener = listener;
    }

    /** Segments checked so far: also the index of the one being read. */
    int completed() {
        return index;
    }

    /** The map attempt being read (the last one once all arrived): the one to blame if the body breaks now. */
    String current() {
        return expected.get(Math.min(index, expected.size() - 1));
    }

    /** Consumes all of {@code chunk}. */
    void feed(ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            if (index == expected.size()) {
                throw new CorruptSegmentException("bytes after the last of " + expected.size() + " segments");
            }
            if (remaining < 0) {
                readHeader(chunk);
            } else {
                readData(chunk);
            }
        }
        flush();
    }

    /** The body ended: fails unless every segment asked for arrived whole. */
    void finish() throws IOException {
        flush();
        if (index < expected.size()) {
            String where = remaining < 0 && header.position() == 0 ? "before" : "inside";
            throw new IOException("body ended " + where + " segment " + (index + 1) + " of " + expected.size()
                    + " (map attempt " + current() + ")");
        }
    }

    private void readHeader(ByteBuffer chunk) throws IOException {
        int n = Math.min(chunk.remaining(), headerTarget - header.position());
        header.put(header.position(), chunk, chunk.position(), n);
        header.position(header.position() + n);
        chunk.position(chunk.position() + n);
        if (header.position() < headerTarget) {
            return;
        }
        if (headerTarget == SegmentFrames.FIXED_BEFORE_ID) {
            int magic = header.getInt(0);
            int idLength = header.getShort(4) & 0xffff;
            if (magic != SegmentFrames.MAGIC || idLength == 0 || idLength > 128) {
                throw new CorruptSegmentException("bad segment header at byte " + written + " of segment "
                        + (index + 1) + " (magic " + Integer.toHexString(magic) + ", id length " + idLength + ")");
            }
            headerTarget = SegmentFrames.headerLength(idLength);
            return;
        }
        startSegment();
    }

    private void startSegment() throws IOException {
        int idLength = headerTarget - SegmentFrames.FIXED_BEFORE_ID - SegmentFrames.FIXED_AFTER_ID;
        String id = new String(header.array(), SegmentFrames.FIXED_BEFORE_ID, idLength, StandardCharsets.US_ASCII);
        int at = SegmentFrames.FIXED_BEFORE_ID + idLength;
        length = header.getLong(at);
        expectedCrc = header.getInt(at + 16) & 0xffffffffL;
        if (!id.equals(expected.get(index))) {
            throw new CorruptSegmentException("server sent map attempt '" + id + "' as segment " + (index + 1)
                    + ", asked for " + expected.get(index));
        }
        if (length < 0) {
            throw new CorruptSegmentException("negative length " + length + " for map attempt " + id);
        }
        header.clear();
        headerTarget = SegmentFrames.FIXED_BEFORE_ID;
        crc.reset();
        segmentStart = written;
        remaining = length;
        if (length == 0) {
            endSegment();
        }
    }

    private void readData(ByteBuffer chunk) throws IOException {
        int n = (int) Math.min(remaining, chunk.remaining());
        ByteBuffer data = chunk.slice(chunk.position(), n);
        chunk.position(chunk.position() + n);
        crc.update(data.duplicate());
        write(data);
        remaining -= n;
        if (remaining == 0) {
            endSegment();
        }
    }

    private void endSegment() throws IOException {
        long actual = length == 0 ? 0 : crc.getValue();
        if (actual != expectedCrc) {
            throw new CorruptSegmentException("CRC32C " + ShuffleProtocol.crcHex(actual) + ", expected "
                    + ShuffleProtocol.crcHex(expectedCrc) + " for map attempt " + expected.get(index));
        }
        done.add(new long[] {index, segmentStart, length});
        index++;
        remaining = -1;
    }

    private void write(ByteBuffer data) throws IOException {
        written += data.remaining();
        if (data.remaining() > pendingOut.remaining()) {
            drain(pendingOut.flip());
            pendingOut.clear();
            if (data.remaining() >= OUT_BUFFER) {
                drain(data);
                return;
            }
        }
        pendingOut.put(data);
    }

    /** Writes out what is buffered, then reports the segments that are now whole in {@code out}. */
    private void flush() throws IOException {
        drain(pendingOut.flip());
        pendingOut.clear();
        for (long[] s : done) {
            listener.segment((int) s[0], s[1], s[2]);
        }
        done.clear();
    }

    private void drain(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
