package io.gristmill.worker.internal.data;

import java.io.IOException;

/** A sorted run whose length, framing, record count or CRC32C does not match what its index promised. */
public final class CorruptSegmentException extends IOException {
    public CorruptSegmentException(String message) {
        super(message);
    }
}
