package io.gristmill.worker.internal.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes framed records ({@link RecordFormat}) of partitions {@code 0 .. n-1}, in partition order, to one file,
 * recording each partition's offset, length, record count and CRC32C. Partitions without records are recorded
 * as empty. Buffered through one reusable array; no allocation per record.
 */
final class RunWriter implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final byte[] buf;
    private final ByteBuffer bb;
    private final CRC32C crc = new CRC32C();
    private final PartitionInfo[] infos;
    private int pos;
    private int crcFrom;      // bytes of buf before this index are already in crc
    private long flushed;     // bytes written to the channel
    private int partition;    // current partition
    private long partStart;   // file offset of the current partition
    private long partRecords;
    private long totalRecords;
    private boolean finished;

    RunWriter(Path file, int numPartitions, int bufferSize) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.buf = new byte[Math.max(1 << 12, bufferSize)];
        this.bb = ByteBuffer.wrap(buf);
        this.infos = new PartitionInfo[numPartitions];
    }

    Path file() {
        return file;
    }

    /** Moves to partition {@code p} (>= the current one), closing the partitions before it. */
    void partition(int p) throws IOException {
        if (p < partition) {
            throw new IllegalStateException("partitions must be written in order: " + p + " after " + partition);
        }
        while (partition < p) {
            endPartition();
        }
    }

    void write(byte[] k, int kOff, int kLen, byte[] v, int vOff, int vLen) throws IOException {
        if (pos + RecordFormat.MAX_HEADER > buf.length) {
            flush();
        }
        pos = RecordFormat.writeVarint(buf, pos, kLen);
        pos = RecordFormat.writeVarint(buf, pos, vLen);
        put(k, kOff, kLen);
        put(v, vOff, vLen);
        partRecords++;
        totalRecords++;
    }

    /** Writes one record already framed as {@link RecordFormat} ({@code len} bytes at {@code off}). */
    void writeFramed(byte[] record, int off, int len) throws IOException {
        put(record, off, len);
        partRecords++;
        totalRecords++;
    }

    long totalRecords() {
        return totalRecords;
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (len <= buf.length - pos) {
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
            return;
        }
        flush();
        if (len <= buf.length) {
            System.arraycopy(b, off, buf, 0, len);
            pos = len;
            return;
        }
        crc.update(b, off, len);
        writeFully(ByteBuffer.wrap(b, off, len));
    }

    private void flush() throws IOException {
        crc.update(buf, crcFrom, pos - crcFrom);
        bb.clear().limit(pos);
        writeFully(bb);
        pos = 0;
        crcFrom = 0;
    }

    private void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            flushed += channel.write(src);
        }
    }

    private void endPartition() {
        crc.update(buf, crcFrom, pos - crcFrom);
        crcFrom = pos;
        long end = flushed + pos;
        infos[partition] = new PartitionInfo(partStart, end - partStart, partRecords,
                partRecords == 0 ? 0 : crc.getValue());
        crc.reset();
        partition++;
        partStart = end;
        partRecords = 0;
    }

    /** Closes the remaining partitions, flushes and syncs nothing more than the OS cache; returns the layout. */
    PartitionInfo[] finish() throws IOException {
        if (!finished) {
            while (partition < infos.length) {
                endPartition();
            }
            flush();
            channel.close();
            finished = true;
        }
        return infos.clone();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
