package io.gristmill.cli.pipelinejobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.util.Map;

/**
 * An iterated step (map-only): halves every count and counts in {@code halve/nonzero} those still above 0. With
 * {@code slowRound=N} and {@code slowMillis}, each map task of round N first sleeps that long (a round to interrupt).
 */
public class Halve implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(HalveMapper::new)
                .mapOutput(Serdes.string(), Serdes.longs())
                .build();
    }

    static final class HalveMapper implements Mapper<MutableLong, Text, String, Long> {
        private TaskContext context;

        @Override
        public void setup(TaskContext context) throws InterruptedException {
            this.context = context;
            if (context.param(io.gristmill.api.Step.ROUND_PARAM, "").equals(context.param("slowRound", "-"))) {
                Thread.sleep(Long.parseLong(context.param("slowMillis", "0")));
            }
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<String, Long> out) throws Exception {
            String[] fields = line.toString().split("\t");
            long half = Long.parseLong(fields[1]) / 2;
            if (half > 0) {
                context.counter("halve", "nonzero").increment(1);
            }
            out.emit(fields[0], half);
        }
    }
}
