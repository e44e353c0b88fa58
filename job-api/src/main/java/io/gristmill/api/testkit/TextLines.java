package io.gristmill.api.testkit;

import io.gristmill.api.Emitter;
import io.gristmill.api.None;
import java.util.ArrayList;
import java.util.List;

/** Collects output pairs as the lines {@link io.gristmill.api.TextOutputFormat} would write, formatted at emit. */
final class TextLines implements Emitter<Object, Object> {
    private final List<String> lines = new ArrayList<>();

    @Override
    public void emit(Object key, Object value) {
        lines.add(value == null || value == None.INSTANCE ? String.valueOf(key) : key + "\t" + value);
    }

    List<String> lines() {
        return lines;
    }
}
