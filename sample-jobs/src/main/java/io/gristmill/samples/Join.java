package io.gristmill.samples;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Serdes;
import io.gristmill.api.TupleComparators;

import java.util.Map;

/**
 * A reduce-side inner join of two CSV-like inputs, e.g. {@code customers.csv} ({@code id,name}) with
 * {@code orders.csv} ({@code order_id,customer_id,amount}).
 *
 * <p>Input files whose name matches the glob {@code leftFiles} (default {@code customers*}) are the <em>left</em>
 * side, every other file the <em>right</em> side. Put the side with few records per key on the left: a reduce call
 * holds one key's left records in memory and streams its right records, so a key with millions of orders costs no
 * more memory than a key with one. Lines are split on commas (no quoting); {@code leftKey} and {@code rightKey} are
 * the 0-based columns holding the join key (defaults 0 and 1). With {@code header=true} (the default) each file's
 * first line is a header and skipped. Blank lines are skipped; a line without the key column is counted in
 * {@code join.malformed} and skipped.
 *
 * <p>Output: one line per joined pair, {@code key,leftFields,rightFields} (each side's fields without its key
 * column, in input order). Keys present on one side only produce no line; their records are counted in
 * {@code join.unmatchedLeft} and {@code join.unmatchedRight}, joined pairs in {@code join.pairs}.
 *
 * <p>How (secondary sort): the intermediate key is {@code Tuple(joinKey, side)}, left = 0 and right = 1, so byte
 * order puts a key's left records before its right ones; the partitioner and the grouping comparator look only at
 * {@code joinKey}, so one reduce call sees both sides of a key, left first. The value repeats the side, because the
 * reducer's (immutable) tuple key stays the group's first key while the values go by.
 */
public class Join implements JobDefinition {
    public Join() {
    }

    @Override
    public Job define(Map<String, String> params) {
        JoinParams.of(params); // a bad parameter fails the job when it is planned, not in every task
        return Job.builder()
                .mapper(JoinMapper::new)
                .reducer(JoinReducer::new)
                .mapOutput(Serdes.tuple(), Serdes.tuple())
                .partitioner(Partitioner.hashOfTuplePrefix(1))
                .groupingComparator(TupleComparators.prefix(1))
                .build();
    }
}
