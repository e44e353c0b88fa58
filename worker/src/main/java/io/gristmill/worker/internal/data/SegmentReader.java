package io.gristmill.worker.internal.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the framed records of one {@link Segment} through one buffer (grown only for a record larger than it).
 * When constructed with an expected {@link PartitionInfo}, checks the segment's length up front and the CRC32C
 * and record count of everything read when the end is reached, failing with {@link CorruptSegmentException}.
 */
final class SegmentReader implements RecordStream {
    private final Segment segment;
    private final FileChannel channel;
    private final PartitionInfo expected;
    private final CRC32C crc;
    private final long end;
    private byte[] buf;
    private ByteBuffer bb;
    private long filePos;  // next file offset to read
    private int start;     // first unconsumed byte in buf
    private int limit;     // end of valid bytes in buf
    private int keyOff;
    private int keyLen;
    private int valOff;
    private int valLen;
    private long records;
    private boolean done;

    SegmentReader(Segment segment, int bufferSize) throws IOException {
        this(segment, bufferSize, null);
    }

    SegmentReader(Segment segment, int bufferSize, PartitionInfo expected) throws IOException {
        this.segment = segment;
        this.expected = expected;
        this.crc = expected == null ? null : new CRC32C();
        if (expected != null && expected.length() != segment.length()) {
            throw new CorruptSegmentException("segment " + segment + " has length " + segment.length()
                    + ", expected " + expected.length());
        }
        this.channel = FileChannel.open(segment.file(), StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (segment.offset() + segment.length() > size) {
                throw new CorruptSegmentException("segment " + segment + " extends past the end of its file ("
                        + size + " bytes)");
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.filePos = segment.offset();
        this.end = segment.offset() + segment.length();
        int size = (int) Math.max(64, Math.min(bufferSize, Math.max(segment.length(), 64)));
        this.buf = new byte[size];
        this.bb = ByteBuffer.wrap(buf);
    }

    @Override
    public boolean next() throws IOException {
        if (done) {
            return false;
        }
        if (start == limit && filePos == end) {
            finishChecks();
            done = true;
            return false;
        }
        ensure((int) Math.min(RecordFormat.MAX_HEADER, (limit - start) + (end - filePos)));
        byte[] b = buf;
        int p = start;
        int kl = 0;
        int shift = 0;
        int x;
        do {
            x = b[p++];
            kl |= (x & 0x7f) << shift;
            shift += 7;
        } while ((x & 0x80) != 0 && shift < 35);
        int vl = 0;
        shift = 0;
        do {
            x = b[p++];
            vl |= (x & 0x7f) << shift;
            shift += 7;
        } while ((x & 0x80) != 0 && shift < 35);
        int header = p - start;
        if (kl < 0 || vl < 0 || (long) header + kl + vl > (limit - start) + (end - filePos)) {
            throw new CorruptSegmentException("bad record framing in " + segment + " near file offset "
                    + (filePos - (limit - start)));
        }
        int total = header + kl + vl;
        if (limit - start < total) {
            ensure(total);
        }
        keyOff = start + header;
        keyLen = kl;
        valOff = keyOff + kl;
        valLen = vl;
        start += total;
        records++;
        return true;
    }

    private void finishChecks() throws CorruptSegmentException {
        if (expected == null) {
            return;
        }
        if (records != expected.records()) {
            throw new CorruptSegmentException("segment " + segment + " holds " + records + " records, expected "
                    + expected.records());
        }
        long actual = records == 0 ? 0 : crc.getValue();
        if (actual != expected.crc()) {
            throw new CorruptSegmentException("CRC32C mismatch in " + segment + ": " + Long.toHexString(actual)
                    + ", expected " + Long.toHexString(expected.crc()));
        }
    }

    /** Makes at least {@code n} unconsumed bytes available in {@code buf[start..limit)}. */
    private void ensure(int n) throws IOException {
        if (limit - start >= n) {
            return;
        }
        int remaining = limit - start;
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, (int) Math.min(Integer.MAX_VALUE - 16, (long) buf.length * 2))];
            System.arraycopy(buf, start, bigger, 0, remaining);
            buf = bigger;
            bb = ByteBuffer.wrap(buf);
        } else if (start > 0) {
            System.arraycopy(buf, start, buf, 0, remaining);
        }
        start = 0;
        limit = remaining;
        while (limit < n) {
            int want = (int) Math.min(buf.length - limit, end - filePos);
            if (want <= 0) {
                throw new EOFException("segment " + segment + " ends inside a record");
            }
            bb.clear().position(limit).limit(limit + want);
            int r = channel.read(bb, filePos);
            if (r < 0) {
                throw new CorruptSegmentException("segment " + segment + " is truncated at file offset " + filePos);
            }
            if (crc != null) {
                crc.update(buf, limit, r);
            }
            filePos += r;
            limit += r;
        }
    }

    @Override
    public byte[] keyBuffer() {
        return buf;
    }

    @Override
    public int keyOffset() {
        return keyOff;
    }

    @Override
    public int keyLength() {
        return keyLen;
    }

    @Override
    public byte[] valueBuffer() {
        return buf;
    }

    @Override
    public int valueOffset() {
        return valOff;
    }

    @Override
    public int valueLength() {
        return valLen;
    }

    long records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Checks a whole segment against its expected length, record count and CRC32C by reading it once.
     *
     * @throws CorruptSegmentException if it does not match
     */
    static void verify(Segment segment, PartitionInfo expected, int bufferSize) throws IOException {
        try (SegmentReader r = new SegmentReader(segment, bufferSize, expected)) {
            while (r.next()) {
                // reading checks framing; the end checks count and CRC
            }
        }
    }
}
