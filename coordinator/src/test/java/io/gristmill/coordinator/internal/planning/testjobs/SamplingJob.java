package io.gristmill.coordinator.internal.planning.testjobs;

import io.gristmill.api.InputFormat;
import io.gristmill.api.SplitInput;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.Reducer;
import io.gristmill.api.PlanContext;
import io.gristmill.api.RecordReader;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.TextInputFormat;

import java.util.Map;

/**
 * A job whose plan hook sets parameters from what it sees, whose {@code define} makes a map-only job when
 * {@code mapOnly=true}, and whose input format cannot split {@code .gz} files and allows 100-byte splits.
 */
public final class SamplingJob implements JobDefinition {
    @Override
    public void plan(PlanContext context) {
        context.setParam("filesSeen", Integer.toString(context.inputFiles().size()));
        context.setParam("reducersSeen", Integer.toString(context.numReducers()));
        if (context.params().containsKey("fail")) {
            throw new IllegalArgumentException("asked to fail: " + context.params().get("fail"));
        }
    }

    @Override
    public Job define(Map<String, String> params) {
        Job.Builder builder = Job.builder().inputFormat(new GzipAware())
                .mapper(() -> (Mapper<Object, Object, String, String>) (key, value, out) -> { })
                .mapOutput(Serdes.string(), Serdes.string());
        if (!"true".equals(params.get("mapOnly"))) {
            builder.reducer(() -> (Reducer<String, String, String, String>) (key, values, out) -> { });
        }
        return builder.build();
    }

    static final class GzipAware implements InputFormat<Object, Object> {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public RecordReader<Object, Object> createReader(SplitInput input, TaskContext context) throws java.io.IOException {
            return (RecordReader) new TextInputFormat().createReader(input, context);
        }

        @Override
        public boolean isSplittable(String path) {
            return !path.endsWith(".gz");
        }

        @Override
        public long minSplitSize() {
            return 100;
        }
    }
}
