package io.gristmill.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * How output records are written. The default is {@link TextOutputFormat}: {@code key<TAB>value} lines.
 *
 * <p>The engine opens the attempt's output file (its temporary file, which becomes {@code part-r-NNNNN} or
 * {@code part-m-NNNNN} when the attempt commits; compressed when the job asks for {@code outputCompression}) and
 * calls {@link #createWriter} once per attempt on its task thread with the stream to write to. The writer owns the
 * stream and closes it in {@link RecordWriter#close}. An exception fails the attempt. Implementations must be
 * stateless.
 */
public interface OutputFormat<K, V> {
    RecordWriter<K, V> createWriter(OutputStream out, TaskContext context) throws IOException;
}
