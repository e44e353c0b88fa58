package io.gristmill.worker.internal.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The index file of a map output. Layout (big-endian): magic {@code "GMIX"}, int version (1), int partition
 * count {@code n}, then {@code n} entries of {@code long offset, long length, long records, int crc32c} (the
 * partition's CRC32C as an unsigned 32-bit value), then an int CRC32C of all preceding bytes of the file.
 */
public final class MapOutputIndex {
    private static final int MAGIC = 0x474d4958; // "GMIX"
    private static final int VERSION = 1;
    private static final int ENTRY_BYTES = 8 + 8 + 8 + 4;

    private MapOutputIndex() {
    }

    public static void write(Path file, List<PartitionInfo> partitions) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12 + partitions.size() * ENTRY_BYTES + 4);
        b.putInt(MAGIC).putInt(VERSION).putInt(partitions.size());
        for (PartitionInfo p : partitions) {
            b.putLong(p.offset()).putLong(p.length()).putLong(p.records()).putInt((int) p.crc());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Files.write(file, b.array());
    }

    public static List<PartitionInfo> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 16) {
            throw new CorruptSegmentException("map output index " + file + " is truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC) {
            throw new CorruptSegmentException("not a map output index: " + file);
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new CorruptSegmentException("unsupported map output index version " + version + " in " + file);
        }
        int n = b.getInt();
        if (n < 0 || bytes.length != 12 + (long) n * ENTRY_BYTES + 4) {
            throw new CorruptSegmentException("map output index " + file + " has a bad length");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new CorruptSegmentException("CRC32C mismatch in map output index " + file);
        }
        List<PartitionInfo> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(new PartitionInfo(b.getLong(), b.getLong(), b.getLong(), b.getInt() & 0xffffffffL));
        }
        return result;
    }
}
