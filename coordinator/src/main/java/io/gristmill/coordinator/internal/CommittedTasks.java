package io.gristmill.coordinator.internal;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a committed task left in {@code _temporary/committed/<task>}: besides its output files, the counters of
 * the attempt that committed it ({@value #COUNTERS_FILE}), so that a task whose attempt died right after
 * committing still counts once. Blocking.
 */
public final class CommittedTasks {
    /** Written by the attempt into its folder before the commit rename; never moved into the job's output. */
    public static final String COUNTERS_FILE = ".gristmill-counters.json";

    private CommittedTasks() {
    }

    /** The committed task's counters, or null if the task was not committed. */
    static Map<String, Map<String, Long>> read(Path output, String taskId) throws IOException {
        Path dir = JobCommitter.committedDir(output, taskId);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path counters = dir.resolve(COUNTERS_FILE);
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        if (Files.exists(counters)) {
            JsonObject json = new JsonObject(Files.readString(counters, StandardCharsets.UTF_8));
            json.forEach(group -> {
                Map<String, Long> values = new LinkedHashMap<>();
                ((JsonObject) group.getValue()).forEach(c -> values.put(c.getKey(), ((Number) c.getValue()).longValue()));
                result.put(group.getKey(), values);
            });
        }
        return result;
    }
}
