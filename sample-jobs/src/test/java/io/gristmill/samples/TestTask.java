package io.gristmill.samples;

import io.gristmill.api.Emitter;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Text;
import io.gristmill.api.testkit.TestTaskContext;

import java.util.List;
import java.util.Map;

/** Helpers for calling mappers and reducers directly: a map-task context and a collecting emitter. */
final class TestTask {
    private TestTask() {
    }

    /** The context of a map task reading {@code path}, from the job API's test kit. */
    static TestTaskContext context(Map<String, String> params, String path) {
        return TestTaskContext.map(params, path);
    }

    /** An emitter that records each pair as {@code key<TAB>value}, converted at once like a real emit. */
    static <K, V> Emitter<K, V> collector(List<String> into) {
        return (key, value) -> into.add(key + "\t" + value);
    }

    static MutableLong offset(long value) {
        return new MutableLong(value);
    }

    static Text text(String value) {
        return new Text(value);
    }
}
