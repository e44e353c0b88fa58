package io.gristmill.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How output records are written. The default is {@link TextOutputFormat}: {@code key<TAB>value} lines.
 *
 * <p>The framework chooses the file (the attempt's temporary file, which becomes {@code part-r-NNNNN} or
 * {@code part-m-NNNNN} when the attempt commits) and calls {@link #createWriter} once per attempt on its task
 * thread; if the writer creates no file, the part is empty. An exception fails the attempt.
 * Implementations must be stateless.
 */
public interface OutputFormat<K, V> {
    RecordWriter<K, V> createWriter(Path file, TaskContext context) throws IOException;
}
