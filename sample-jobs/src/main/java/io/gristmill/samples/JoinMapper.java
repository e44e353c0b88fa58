package io.gristmill.samples;

import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;
import io.gristmill.api.Tuple;

/**
 * Tags each record with its side: key {@code (joinKey, side)}, value {@code (side, other columns)}. A split reads
 * one file, so the side is decided once, in {@code setup}.
 */
final class JoinMapper implements Mapper<MutableLong, Text, Tuple, Tuple> {
    private JoinSide side;
    private int keyColumn;
    private boolean header;
    private Counter malformed;

    @Override
    public void setup(TaskContext context) {
        JoinParams params = JoinParams.of(context.params());
        side = params.sideOf(context.split().path());
        keyColumn = params.keyColumn(side);
        header = params.header();
        malformed = context.counter("join", "malformed");
    }

    @Override
    public void map(MutableLong offset, Text line, Emitter<Tuple, Tuple> out) throws Exception {
        String text = line.toString();
        if ((header && offset.get() == 0) || text.isBlank()) {
            return; // the key is the line's byte offset in its file, so 0 is the file's first line
        }
        CsvRecord record = CsvRecord.of(text, keyColumn);
        if (record == null) {
            malformed.increment();
            return;
        }
        out.emit(Tuple.of(record.key(), side.tag), Tuple.of(side.tag, record.rest()));
    }
}
