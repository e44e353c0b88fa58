package io.gristmill.worker.internal.data;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The job's {@code shuffleCompression=zstd}: a finished map output is rewritten with each partition as one zstd
 * frame (level 1), its index giving the compressed offsets, lengths and CRC32Cs, so the shuffle serves and checks
 * the compressed bytes unchanged (zero-copy, CRC on what crossed the wire); a reducer turns each fetched segment
 * back into framed records before merging. Off by default: on shared cores and a loopback or fast network it costs
 * more CPU than the bytes it saves (measurements in docs/formats.md). Blocking: task threads only.
 */
public final class ShuffleCompression {
    private static final int LEVEL = 1;
    private static final int BUFFER = 1 << 16;

    private ShuffleCompression() {
    }

    /** Rewrites {@code output} compressed next to it and deletes the uncompressed data file. */
    public static MapOutput compress(MapOutput output) throws IOException {
        Path data = output.dataFile().resolveSibling(output.dataFile().getFileName() + ".zst");
        List<PartitionInfo> partitions = new ArrayList<>();
        try (FileChannel in = FileChannel.open(output.dataFile(), StandardOpenOption.READ);
             OutputStream file = Files.newOutputStream(data)) {
            long offset = 0;
            for (PartitionInfo p : output.partitions()) {
                if (p.length() == 0) {
                    partitions.add(new PartitionInfo(offset, 0, 0, 0));
                    continue;
                }
                Checked checked = new Checked(file);
                try (OutputStream z = new ZstdOutputStreamNoFinalizer(checked, LEVEL)) {
                    copy(Channels.newInputStream(in.position(p.offset())), z, p.length());
                }
                partitions.add(new PartitionInfo(offset, checked.count, p.records(), checked.crc.getValue()));
                offset += checked.count;
            }
        }
        MapOutputIndex.write(output.indexFile(), partitions);
        Files.delete(output.dataFile());
        return new MapOutput(data, output.indexFile(), partitions);
    }

    /** The records of a compressed fetched {@code segment}, decompressed into a file in {@code dir}. */
    public static Segment decompress(Segment segment, Path dir, String name) throws IOException {
        if (segment.length() == 0) {
            return segment;
        }
        Path target = dir.resolve(name);
        long length;
        try (FileChannel in = FileChannel.open(segment.file(), StandardOpenOption.READ);
             InputStream z = new ZstdInputStreamNoFinalizer(
                     new Bounded(Channels.newInputStream(in.position(segment.offset())), segment.length()));
             OutputStream out = Files.newOutputStream(target)) {
            length = z.transferTo(out);
        } catch (IOException e) {
            throw new CorruptSegmentException("cannot decompress the map output segment at byte " + segment.offset()
                    + " of " + segment.file() + ": " + e.getMessage());
        }
        return Segment.ofFile(target, length);
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("map output ends early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** Counts and checksums the compressed bytes of one partition; does not close the file under it. */
    private static final class Checked extends FilterOutputStream {
        private final CRC32C crc = new CRC32C();
        private long count;

        Checked(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** At most {@code limit} bytes of a stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
