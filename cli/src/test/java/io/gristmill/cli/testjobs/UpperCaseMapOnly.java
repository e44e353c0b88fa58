package io.gristmill.cli.testjobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.None;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;
import io.gristmill.api.TextInputFormat;

import java.util.Locale;
import java.util.Map;

/**
 * A map-only job (no reducer): every line upper-cased, written as {@code part-m-*} files. Its input format allows
 * splits of any size, so tests can give every line a map task of its own.
 */
public final class UpperCaseMapOnly implements JobDefinition {
    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .inputFormat(new TextInputFormat(TextInputFormat.DEFAULT_MAX_LINE_LENGTH, 1))
                .mapper(UpperMapper::new)
                .mapOutput(Serdes.string(), Serdes.none())
                .build();
    }

    static final class UpperMapper implements Mapper<MutableLong, Text, String, None> {
        @Override
        public void map(MutableLong offset, Text line, Emitter<String, None> out) throws Exception {
            out.emit(line.toString().toUpperCase(Locale.ROOT), None.INSTANCE);
        }
    }
}
