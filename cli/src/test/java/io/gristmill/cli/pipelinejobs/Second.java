package io.gristmill.cli.pipelinejobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.util.Map;

/**
 * The last step of the test pipelines: copies its input lines ({@code key<TAB>value}); with {@code sleepMillis} each
 * map task first sleeps that long (a step to kill), with {@code fail=true} every reduce throws (a step that fails).
 */
public class Second implements JobDefinition {
    public static final String FAILURE = "step two broke on purpose";

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(CopyMapper::new)
                .reducer(CopyReducer::new)
                .mapOutput(Serdes.string(), Serdes.string())
                .build();
    }

    static final class CopyMapper implements Mapper<MutableLong, Text, String, String> {
        @Override
        public void setup(TaskContext context) throws InterruptedException {
            Thread.sleep(Long.parseLong(context.param("sleepMillis", "0")));
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<String, String> out) throws Exception {
            String[] fields = line.toString().split("\t", 2);
            out.emit(fields[0], fields[1]);
        }
    }

    static final class CopyReducer implements Reducer<String, String, String, String> {
        private boolean fail;

        @Override
        public void setup(TaskContext context) {
            fail = Boolean.parseBoolean(context.param("fail", "false"));
        }

        @Override
        public void reduce(String key, Iterable<String> values, Emitter<String, String> out) throws Exception {
            if (fail) {
                throw new IllegalStateException(FAILURE);
            }
            for (String value : values) {
                out.emit(key, value);
            }
        }
    }
}
