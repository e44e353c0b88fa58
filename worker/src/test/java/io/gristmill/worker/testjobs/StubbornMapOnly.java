package io.gristmill.worker.testjobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;
import io.gristmill.api.TextInputFormat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A map-only job whose mapper ignores interrupts: it announces itself by creating {@code <started>/<attemptId>},
 * then holds its thread until the file {@code release} exists, whatever it is told.
 */
public final class StubbornMapOnly implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .inputFormat(new TextInputFormat(TextInputFormat.DEFAULT_MAX_LINE_LENGTH, 1))
                .mapper(StubbornMapper::new)
                .mapOutput(Serdes.string(), Serdes.none())
                .build();
    }

    static final class StubbornMapper implements Mapper<MutableLong, Text, String, None> {
        private Path release;

        @Override
        public void setup(TaskContext context) throws Exception {
            release = Path.of(context.param("release"));
            Files.createFile(Path.of(context.param("started")).resolve(context.attemptId()));
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<String, None> out) throws Exception {
            while (!Files.exists(release)) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ignored) {
                    // the behaviour under test: job code that swallows the cancellation
                }
            }
            out.emit(line.toString(), None.INSTANCE);
        }
    }
}
