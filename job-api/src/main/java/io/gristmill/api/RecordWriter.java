package io.gristmill.api;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes the output records of one attempt to one file. Used on the attempt's task thread: {@code write} per
 * record, then {@code close}. The file becomes visible as job output only when the job commits.
 */
public interface RecordWriter<K, V> extends Closeable {
    void write(K key, V value) throws IOException;
}
