package io.gristmill.worker.internal.data;

/**
 * Where one partition lies in a map output data file.
 *
 * @param offset  first byte of the partition in the data file
 * @param length  bytes of the partition (framed records)
 * @param records number of records
 * @param crc     CRC32C of the partition's bytes (as an unsigned 32-bit value; 0 for an empty partition)
 */
public record PartitionInfo(long offset, long length, long records, long crc) {
    public PartitionInfo {
        if (offset < 0 || length < 0 || records < 0) {
            throw new IllegalArgumentException("negative offset, length or records: " + offset + ", " + length
                    + ", " + records);
        }
    }
}
