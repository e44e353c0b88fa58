package io.gristmill.api;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the records of one input split. Created and used by one map attempt on its task thread:
 * {@code next()} until it returns false, reading {@code key()}/{@code value()} after each true, then
 * {@code close()}. The key and value objects may be reused between records. An exception fails the attempt.
 */
public interface RecordReader<K, V> extends Closeable {

    boolean next() throws IOException;

    K key();

    V value();

    /** Fraction of the split consumed, from 0 to 1. */
    float progress();

    /** Bytes of input consumed so far. */
    long bytesRead();

    /**
     * The byte offset in the file at which the current record (the one {@code next()} last moved to) starts, or -1
     * when the reader cannot tell. Read only when a record fails, to name it in the error report; the default
     * knows no position.
     */
    default long position() {
        return -1;
    }
}
