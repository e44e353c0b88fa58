package io.gristmill.samples;

import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.api.None;
import io.gristmill.api.Reducer;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins one key's records: its left records arrive first (secondary sort) and are kept; each right record is then
 * joined with them and written at once, so the right side is never held in memory.
 */
final class JoinReducer implements Reducer<Tuple, Tuple, String, None> {
    private final List<String> left = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private Counter pairs;
    private Counter unmatchedLeft;
    private Counter unmatchedRight;

    @Override
    public void setup(TaskContext context) {
        pairs = context.counter("join", "pairs");
        unmatchedLeft = context.counter("join", "unmatchedLeft");
        unmatchedRight = context.counter("join", "unmatchedRight");
    }

    @Override
    public void reduce(Tuple key, Iterable<Tuple> values, Emitter<String, None> out) throws Exception {
        String joinKey = key.getString(0);
        left.clear();
        boolean matched = false;
        for (Tuple value : values) {
            if (JoinSide.isLeft(value.getInt(0))) {
                left.add(value.getString(1));
            } else if (left.isEmpty()) {
                unmatchedRight.increment();
            } else {
                emitPairs(joinKey, value.getString(1), out);
                matched = true;
            }
        }
        if (!matched) {
            unmatchedLeft.increment(left.size());
        }
    }

    private void emitPairs(String joinKey, String right, Emitter<String, None> out) throws Exception {
        for (String fields : left) {
            line.setLength(0);
            line.append(joinKey);
            appendFields(fields);
            appendFields(right);
            out.emit(line.toString(), None.INSTANCE);
        }
        pairs.increment(left.size());
    }

    private void appendFields(String fields) {
        if (!fields.isEmpty()) {
            line.append(',').append(fields);
        }
    }
}
