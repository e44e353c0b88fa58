package io.gristmill.coordinator.internal.jar;

import io.gristmill.coordinator.SpecException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The most bytes one entry of a job jar may inflate to. An entry is refused as soon as its declared size is over
 * the limit, and again while reading once it yields one byte more: declared sizes are written by the uploader and
 * may lie, so the read itself is what keeps memory bounded.
 */
final class EntrySizeLimit {
    /** Grow the buffer from this when the archive does not declare a size. */
    private static final int UNKNOWN_SIZE_BUFFER = 8 << 10;

    private final int limit;

    EntrySizeLimit(int limit) {
        this.limit = limit;
    }

    int bytes() {
        return limit;
    }

    /** Refuses an entry whose declared uncompressed size (-1 when unknown) is over the limit, before reading it. */
    void checkDeclared(long declaredSize, String entry, String jarName) throws SpecException {
        if (declaredSize > limit) {
            throw new SpecException("jar", "entry " + entry + " in '" + jarName + "' is " + declaredSize
                    + " bytes uncompressed; the limit is " + limit + " bytes");
        }
    }

    /**
     * Reads {@code in} to its end, holding at most limit + 1 bytes: the buffer starts at the declared size and only
     * grows (doubling) when the entry turns out longer than declared.
     */
    byte[] read(InputStream in, long declaredSize, String entry, String jarName) throws IOException, SpecException {
        long firstGuess = declaredSize >= 0 ? declaredSize + 1 : UNKNOWN_SIZE_BUFFER;
        byte[] buffer = new byte[(int) Math.min(firstGuess, limit + 1L)];
        int length = 0;
        for (int n; (n = in.read(buffer, length, buffer.length - length)) >= 0; ) {
            length += n;
            if (length > limit) {
                throw new SpecException("jar", "entry " + entry + " in '" + jarName + "' holds more than " + limit
                        + " bytes uncompressed (the limit)"
                        + (declaredSize >= 0 ? ", though it declares " + declaredSize : ""));
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, limit + 1L));
            }
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }
}
