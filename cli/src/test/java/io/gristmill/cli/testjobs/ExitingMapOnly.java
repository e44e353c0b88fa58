package io.gristmill.cli.testjobs;

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
 * A map-only job, one map per line, whose mapper calls {@code System.exit(0)} on the line {@code exit} (after
 * {@code exitAfterMillis}, so that the other maps are busy by then), having written the time it did so (epoch
 * milliseconds) to the file {@code exitStamp}. Every other line keeps its core busy for {@code spinMillis}.
 */
public final class ExitingMapOnly implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .inputFormat(new TextInputFormat(TextInputFormat.DEFAULT_MAX_LINE_LENGTH, 1))
                .mapper(ExitingMapper::new)
                .mapOutput(Serdes.string(), Serdes.none())
                .build();
    }

    static final class ExitingMapper implements Mapper<MutableLong, Text, String, None> {
        private TaskContext context;

        @Override
        public void setup(TaskContext context) {
            this.context = context;
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<String, None> out) throws Exception {
            if (line.toString().equals("exit")) {
                spin(Long.parseLong(context.param("exitAfterMillis", "0")));
                Files.writeString(Path.of(context.param("exitStamp")), Long.toString(System.currentTimeMillis()));
                System.exit(0); // the behaviour under test: job code that ends its worker's process
            }
            spin(Long.parseLong(context.param("spinMillis", "0")));
            out.emit(line.toString(), None.INSTANCE);
        }

        private static double spin(long millis) {
            double x = 1;
            long end = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 10_000; i++) {
                    x += Math.sqrt(x + i);
                }
            }
            return x;
        }
    }
}
