package io.gristmill.api;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The default output format: one line per record, {@code key<TAB>value\n}, or {@code key\n} when the value is
 * {@link None} or null. {@link Text} is written as its bytes; other objects through {@code toString()} in UTF-8.
 */
public final class TextOutputFormat<K, V> implements OutputFormat<K, V> {
    private static final int BUFFER_SIZE = 1 << 16;

    @Override
    public RecordWriter<K, V> createWriter(OutputStream stream, TaskContext context) throws IOException {
        OutputStream out = new BufferedOutputStream(stream, BUFFER_SIZE);
        return new RecordWriter<>() {
            @Override
            public void write(K key, V value) throws IOException {
                writeObject(out, key);
                if (value != null && value != None.INSTANCE) {
                    out.write('\t');
                    writeObject(out, value);
                }
                out.write('\n');
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    private static void writeObject(OutputStream out, Object o) throws IOException {
        if (o instanceof Text t) {
            out.write(t.bytes(), t.offset(), t.length());
        } else {
            out.write(String.valueOf(o).getBytes(StandardCharsets.UTF_8));
        }
    }
}
