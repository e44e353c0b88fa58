package io.gristmill.api.testkit;

import io.gristmill.api.InputSplit;
import io.gristmill.api.Job;
import io.gristmill.api.MutableLong;
import io.gristmill.api.RecordReader;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The input of one simulated map task. */
interface TestInput {

    /** Receives the input records, in order. */
    @FunctionalInterface
    interface RecordSink {
        void accept(Object key, Object value) throws Exception;
    }

    /** The split the map task with this index reports in its {@link TaskContext}. */
    InputSplit split(int index) throws IOException;

    /** The file this input reads, or null for in-memory input. */
    default Path file() {
        return null;
    }

    void read(Job job, TaskContext context, RecordSink sink) throws Exception;

    /** Lines as the text input format delivers them: a reused byte offset and a reused {@link Text}. */
    record Lines(List<String> lines) implements TestInput {
        @Override
        public InputSplit split(int index) {
            long length = lines.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1L).sum();
            return new InputSplit(String.format("memory:/input-%05d", index), 0, length);
        }

        @Override
        public void read(Job job, TaskContext context, RecordSink sink) throws Exception {
            MutableLong offset = new MutableLong();
            Text line = new Text();
            long next = 0;
            for (String l : lines) {
                byte[] bytes = l.getBytes(StandardCharsets.UTF_8);
                sink.accept(offset.set(next), line.set(bytes, 0, bytes.length));
                next += bytes.length + 1;
            }
        }
    }

    /** Key/value records handed to the mapper as given. */
    record Records(List<? extends Map.Entry<?, ?>> records) implements TestInput {
        @Override
        public InputSplit split(int index) {
            return new InputSplit(String.format("memory:/records-%05d", index), 0, records.size());
        }

        @Override
        public void read(Job job, TaskContext context, RecordSink sink) throws Exception {
            for (Map.Entry<?, ?> r : records) {
                sink.accept(r.getKey(), r.getValue());
            }
        }
    }

    /** A whole file read through the job's input format as one split. */
    record File(Path path) implements TestInput {
        @Override
        public InputSplit split(int index) throws IOException {
            return new InputSplit(path.toAbsolutePath().toString(), 0, Files.size(path));
        }

        @Override
        public Path file() {
            return path;
        }

        @Override
        public void read(Job job, TaskContext context, RecordSink sink) throws Exception {
            try (RecordReader<?, ?> reader = job.inputFormat().createReader(TestSplits.of(path), context)) {
                while (reader.next()) {
                    sink.accept(reader.key(), reader.value());
                }
            }
        }
    }
}
