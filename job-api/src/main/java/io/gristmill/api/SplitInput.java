package io.gristmill.api;

import java.io.Closeable;
import java.io.IOException;

/**
 * The bytes of one input split, opened by the engine and handed to {@link InputFormat#createReader}: a format
 * never opens files itself, so that every format reads compressed files (chosen by file name: {@code .gz},
 * {@code .zst}, {@code .bz2}) and whatever storage the engine reads from.
 *
 * <p>The bytes are the file's data as the format should see it, decompressed. They are read in order, from the
 * first byte this split may need to its end of file; reading past the split's end is allowed (a record that begins
 * in the split may end after it) and the format stops when {@link #owns} says the next record is not its own.
 * Offsets in this interface count bytes delivered by {@link #read}, from 0.
 *
 * <p>Every record belongs to exactly one split, and {@link #owns} says which. For an uncompressed file a record
 * belongs to the split whose range holds its first byte. For a bzip2 file, split at block boundaries, it belongs to
 * the split whose blocks hold the byte just before it (its delimiter): a block's decoder cannot see the previous
 * block's last byte, so it cannot tell whether its own first byte starts a record. A split that does not start its
 * file ({@link #atFileStart} false) begins inside, or right at the end of, a record that is not its own: the format
 * skips to its first record boundary (for lines: past the first {@code \n}) and reads records from there while
 * {@code owns} holds. (For an uncompressed file the bytes begin at the byte before the split's start, so that a record
 * beginning exactly at the start is found; a bzip2 split's bytes begin at its first block.)
 *
 * <p>Used by one attempt on its task thread. Decompression failures surface from {@link #read} as an
 * {@link IOException} naming the file and the compressed offset.
 */
public interface SplitInput extends Closeable {

    /** The split as the coordinator cut it (in compressed bytes of the file for a compressed file). */
    InputSplit split();

    /** Whether offset 0 is the first byte of the file's data, so that a record begins there. */
    boolean atFileStart();

    /** Reads up to {@code length} bytes into {@code buffer}; returns how many, or -1 at the end of the file. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Whether a record whose first byte is at {@code offset} belongs to this split. Ask only once the bytes before
     * {@code offset} have been read; offsets asked about must not decrease.
     */
    boolean owns(long offset);

    /**
     * Where the byte at {@code offset} lies in the file, for record keys and error messages: its byte offset in an
     * uncompressed file; its offset in the decompressed data of a gzip or zstd file (always one split); for a bzip2
     * file, the offset in the compressed file of the block holding it (the lines of one block share it).
     */
    long position(long offset);

    /** The fraction of the split consumed once the format has reached {@code offset}, from 0 to 1. */
    float progress(long offset);
}
