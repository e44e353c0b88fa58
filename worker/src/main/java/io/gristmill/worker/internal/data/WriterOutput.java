package io.gristmill.worker.internal.data;

import io.gristmill.api.RecordWriter;

import java.io.IOException;

/** A map-only job's mapper output: written straight through the job's output format. */
@SuppressWarnings({"rawtypes", "unchecked"})
final class WriterOutput implements MapperOutput {
    private final RecordWriter writer;
    private long emitted;
    private boolean failed;

    WriterOutput(RecordWriter writer) {
        this.writer = writer;
    }

    @Override
    public void emit(Object key, Object value) throws IOException {
        try {
            writer.write(key, value);
        } catch (Throwable t) {
            failed = true;
            throw t;
        }
        emitted++;
    }

    @Override
    public long recordsEmitted() {
        return emitted;
    }

    @Override
    public boolean hasFailed() {
        return failed;
    }
}
