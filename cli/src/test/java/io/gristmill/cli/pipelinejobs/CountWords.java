package io.gristmill.cli.pipelinejobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;

import java.util.Map;

/** Step one of the test pipelines: {@code word<TAB>count} for words separated by spaces. */
public class CountWords implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(WordMapper::new)
                .reducer(SumReducer::new)
                .mapOutput(Serdes.string(), Serdes.longs())
                .build();
    }

    static final class WordMapper implements Mapper<MutableLong, Text, String, Long> {
        @Override
        public void map(MutableLong offset, Text line, Emitter<String, Long> out) throws Exception {
            for (String word : line.toString().trim().split(" +")) {
                if (!word.isEmpty()) {
                    out.emit(word, 1L);
                }
            }
        }
    }

    static final class SumReducer implements Reducer<String, Long, String, Long> {
        @Override
        public void reduce(String word, Iterable<Long> counts, Emitter<String, Long> out) throws Exception {
            long sum = 0;
            for (long count : counts) {
                sum += count;
            }
            out.emit(word, sum);
        }
    }
}
