package io.gristmill.worker.internal.shuffle;

import io.gristmill.worker.internal.data.PartitionInfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The frame header of one map output partition in a batch response (wire format in the package documentation):
 * magic {@code "GMSG"}, unsigned short id length, the map attempt id (ASCII), long length, long records, int CRC32C,
 * all big-endian; the partition's {@code length} bytes follow.
 */
final class SegmentFrames {
    static final int MAGIC = 0x474d5347; // "GMSG"
    /** Header bytes before the id. */
    static final int FIXED_BEFORE_ID = 4 + 2;
    /** Header bytes after the id. */
    static final int FIXED_AFTER_ID = 8 + 8 + 4;

    private SegmentFrames() {
    }

    /** The header announcing {@code info}'s bytes of map attempt {@code attemptId}. */
    static byte[] header(String attemptId, PartitionInfo info) {
        byte[] id = attemptId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(headerLength(id.length));
        b.putInt(MAGIC).putShort((short) id.length).put(id)
                .putLong(info.length()).putLong(info.records()).putInt((int) info.crc());
        return b.array();
    }

    static int headerLength(int idLength) {
        return FIXED_BEFORE_ID + idLength + FIXED_AFTER_ID;
    }
}
