package io.gristmill.cli.formatjobs;

import io.gristmill.api.CsvInputFormat;
import io.gristmill.api.CsvRecord;
import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.JsonLinesInputFormat;
import io.gristmill.api.Mapper;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;

import java.io.IOException;
import java.util.Map;

/**
 * Sums column {@code amount} per value of column {@code key}, reading CSV ({@code format=csv}, with the {@code csv.*}
 * parameters) or JSON lines ({@code format=json}): what a user's job over record formats looks like.
 */
public final class ColumnTotals implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        Job.Builder builder = Job.builder();
        if ("json".equals(params.get("format"))) {
            builder.inputFormat(new JsonLinesInputFormat()).mapper(JsonMapper::new);
        } else {
            builder.inputFormat(CsvInputFormat.fromParams(params)).mapper(CsvMapper::new);
        }
        return builder.mergeCombiner(MergeCombiner.sumOfLongs())
                .reducer(SumReducer::new)
                .mapOutput(Serdes.string(), Serdes.mutableLongs())
                .build();
    }

    static final class CsvMapper implements Mapper<MutableLong, CsvRecord, String, MutableLong> {
        private final MutableLong amount = new MutableLong();

        @Override
        public void map(MutableLong position, CsvRecord record, Emitter<String, MutableLong> out) throws IOException {
            out.emit(record.get("key"), amount.set(Long.parseLong(record.get("amount"))));
        }
    }

    static final class JsonMapper implements Mapper<MutableLong, Map<String, Object>, String, MutableLong> {
        private final MutableLong amount = new MutableLong();

        @Override
        public void map(MutableLong position, Map<String, Object> record, Emitter<String, MutableLong> out)
                throws IOException {
            out.emit(String.valueOf(record.get("key")), amount.set((Long) record.get("amount")));
        }
    }

    static final class SumReducer implements Reducer<String, MutableLong, String, MutableLong> {
        private final MutableLong sum = new MutableLong();

        @Override
        public void reduce(String key, Iterable<MutableLong> values, Emitter<String, MutableLong> out) throws IOException {
            sum.set(0);
            for (MutableLong v : values) {
                sum.add(v.get());
            }
            out.emit(key, sum);
        }
    }
}
