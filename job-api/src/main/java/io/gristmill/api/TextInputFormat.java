package io.gristmill.api;

import java.io.IOException;

/**
 * The default input format: text lines as {@code (byte offset, line)}.
 *
 * <p>Line rules: only {@code \n} ends a line, and a {@code \r} right before it is stripped. A split
 * {@code [start, end)} owns every line whose first byte lies in it; a split that does not start at 0 first skips to
 * the byte after the first {@code \n} at or after {@code start - 1}. The last line of a file needs no final
 * {@code \n}. A line longer than {@code maxLineLength} bytes fails the attempt with an error naming the file and
 * offset, instead of exhausting memory.
 *
 * <p>Compressed files are read decompressed (see {@link SplitInput}); the line rules apply to the decompressed
 * bytes, and a bzip2 split owns the lines that begin in its blocks.
 *
 * <p>The key is a reused {@link MutableLong} holding the line's position ({@link SplitInput#position}: its byte
 * offset in an uncompressed file); the value is a reused
 * {@link Text} viewing the reader's buffer, valid only until the next record.
 */
public final class TextInputFormat implements InputFormat<MutableLong, Text> {
    /** Default longest accepted line: 16 MiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 16 << 20;

    private final int maxLineLength;
    private final long minSplitSize;

    public TextInputFormat() {
        this(DEFAULT_MAX_LINE_LENGTH);
    }

    public TextInputFormat(int maxLineLength) {
        this(maxLineLength, DEFAULT_MIN_SPLIT_SIZE);
    }

    /** @param minSplitSize see {@link InputFormat#minSplitSize()}; 1 lets every line be its own split */
    public TextInputFormat(int maxLineLength, long minSplitSize) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be >= 1, got " + maxLineLength);
        }
        if (minSplitSize < 1) {
            throw new IllegalArgumentException("minSplitSize must be >= 1, got " + minSplitSize);
        }
        this.maxLineLength = maxLineLength;
        this.minSplitSize = minSplitSize;
    }

    @Override
    public long minSplitSize() {
        return minSplitSize;
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    @Override
    public RecordReader<MutableLong, Text> createReader(SplitInput input, TaskContext context) throws IOException {
        return new LineRecordReader(input, maxLineLength);
    }
}
