package io.gristmill.api;

import java.util.Objects;

/**
 * A byte range {@code [start, start + length)} of one input file, read by one map task.
 *
 * @param path   absolute path of the file
 * @param start  first byte of the range
 * @param length number of bytes in the range
 */
public record InputSplit(String path, long start, long length) {
    public InputSplit {
        Objects.requireNonNull(path, "path");
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("start and length must be >= 0, got " + start + ", " + length);
        }
    }

    public long end() {
        return start + length;
    }
}
