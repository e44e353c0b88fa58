package io.gristmill.cli.testjobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Word count that drops the words listed, one a line, in a side file: {@code stopwords.txt} unless the parameter
 * {@code stopFile} names another. Shows the side file API: read once per attempt in {@code setup}. A map task sleeps
 * {@code mapSleepMillis} at its end (see {@link Chaos}), so that a test can act while the job runs.
 */
public final class StopWordCount implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(StopWordMapper::new)
                .mergeCombiner(MergeCombiner.sumOfLongs())
                .reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs())
                .build();
    }

    static final class StopWordMapper implements Mapper<MutableLong, Text, Text, MutableLong> {
        private final Set<String> stopWords = new HashSet<>();
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);
        private Chaos chaos;

        @Override
        public void setup(TaskContext context) throws Exception {
            chaos = new Chaos(context);
            for (String line : Files.readAllLines(context.sideFile(context.param("stopFile", "stopwords.txt")),
                    StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    stopWords.add(line.strip());
                }
            }
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws Exception {
            Words.emitEach(line.toString(), word, one, (key, value) -> {
                if (!stopWords.contains(key.toString())) {
                    out.emit(key, value);
                }
            });
        }

        @Override
        public void cleanup(Emitter<Text, MutableLong> out) throws InterruptedException {
            chaos.strike("mapSleepMillis");
        }
    }

    static final class SumReducer implements Reducer<Text, MutableLong, Text, MutableLong> {
        private final MutableLong sum = new MutableLong();

        @Override
        public void reduce(Text key, Iterable<MutableLong> values, Emitter<Text, MutableLong> out) throws Exception {
            long total = 0;
            for (MutableLong v : values) {
                total += v.get();
            }
            sum.set(total);
            out.emit(key, sum);
        }
    }
}
