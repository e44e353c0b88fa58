package io.gristmill.cli.testjobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;
import io.gristmill.api.Tuple;
import io.gristmill.api.TupleComparators;

import java.util.Map;

/**
 * Input lines {@code group,value}; key (group, value) grouped on the group only, so each reduce call gets one
 * group's values in ascending order. Output {@code group<TAB>v1,v2,...}, plus {@code !unsorted} if a group's values
 * ever arrive out of order.
 */
public final class SecondarySort implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(SplitMapper::new)
                .reducer(JoinReducer::new)
                .mapOutput(Serdes.tuple(), Serdes.longs())
                .partitioner(Partitioner.hashOfTuplePrefix(1))
                .groupingComparator(TupleComparators.prefix(1))
                .build();
    }

    static final class SplitMapper implements Mapper<MutableLong, Text, Tuple, Long> {
        @Override
        public void map(MutableLong offset, Text line, Emitter<Tuple, Long> out) throws Exception {
            String[] parts = line.toString().split(",");
            long value = Long.parseLong(parts[1]);
            out.emit(Tuple.of(parts[0], value), value);
        }
    }

    static final class JoinReducer implements Reducer<Tuple, Long, String, String> {
        @Override
        public void reduce(Tuple key, Iterable<Long> values, Emitter<String, String> out) throws Exception {
            StringBuilder joined = new StringBuilder();
            long previous = Long.MIN_VALUE;
            boolean sorted = true;
            for (long v : values) {
                sorted &= v >= previous;
                previous = v;
                joined.append(joined.length() == 0 ? "" : ",").append(v);
            }
            out.emit(key.getString(0), joined + (sorted ? "" : "!unsorted"));
        }
    }
}
