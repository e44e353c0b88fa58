package io.gristmill.worker.internal.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A sorted run of framed records ({@link RecordFormat}): the region {@code [offset, offset + length)} of a file.
 * A map output partition read locally is a region of the map's data file; a fetched one is a whole downloaded file.
 */
public record Segment(Path file, long offset, long length) {
    public Segment {
        Objects.requireNonNull(file, "file");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
    }

    /** A whole file as one segment. */
    public static Segment ofFile(Path file, long length) {
        return new Segment(file, 0, length);
    }
}
