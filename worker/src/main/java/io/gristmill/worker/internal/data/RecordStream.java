package io.gristmill.worker.internal.data;

import java.io.Closeable;
import java.io.IOException;

/**
 * A forward-only cursor over sorted serialized records. After {@link #next()} returns true, the accessors
 * describe the current record; its bytes stay valid only until the next call to {@code next()}.
 */
interface RecordStream extends Closeable {

    boolean next() throws IOException;

    byte[] keyBuffer();

    int keyOffset();

    int keyLength();

    byte[] valueBuffer();

    int valueOffset();

    int valueLength();

    @Override
    default void close() throws IOException {
    }
}
