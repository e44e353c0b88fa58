package io.gristmill.api;

import java.io.IOException;

/**
 * How a map task reads its split. The default is {@link TextInputFormat}: {@code (byte offset, line)}.
 *
 * <p>The coordinator cuts input files into byte-range splits; the format decides how records are aligned to
 * those ranges. {@link #createReader} is called once per map attempt on its task thread; an exception fails the
 * attempt. Implementations must be stateless (one instance serves all attempts in a JVM).
 */
public interface InputFormat<K, V> {

    RecordReader<K, V> createReader(InputSplit split, TaskContext context) throws IOException;

    /** Whether a file may be cut into several splits; when false, each file is one split. */
    default boolean isSplittable(String path) {
        return true;
    }
}
