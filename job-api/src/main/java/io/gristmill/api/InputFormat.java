package io.gristmill.api;

import java.io.IOException;

/**
 * How a map task reads its split. The default is {@link TextInputFormat}: {@code (byte offset, line)}.
 *
 * <p>The coordinator cuts input files into byte-range splits; the format decides how records are aligned to
 * those ranges, following the rule in {@link SplitInput}. The engine opens the split's bytes (decompressing files
 * whose name ends in {@code .gz}, {@code .zst} or {@code .bz2}) and calls {@link #createReader} once per map attempt
 * on its task thread; the reader owns the input and closes it. An exception fails the attempt. Implementations must
 * be stateless (one instance serves all attempts in a JVM).
 */
public interface InputFormat<K, V> {
    /** The least split size a format allows unless it says otherwise: 64 KiB. */
    long DEFAULT_MIN_SPLIT_SIZE = 64L << 10;

    RecordReader<K, V> createReader(SplitInput input, TaskContext context) throws IOException;

    /**
     * Whether a file may be cut into several splits; when false, each file is one split. Whatever this says, a gzip
     * or zstd file is one split: those streams can only be read from their start.
     */
    default boolean isSplittable(String path) {
        return true;
    }

    /**
     * The smallest split this format wants to read, in bytes: a job's {@code splitSize} below it is raised to it.
     * The floor keeps a tiny {@code splitSize} from turning a small input into millions of tasks; a format whose
     * records are large, or a test that wants one task per line, may ask for less (at least 1).
     */
    default long minSplitSize() {
        return DEFAULT_MIN_SPLIT_SIZE;
    }
}
