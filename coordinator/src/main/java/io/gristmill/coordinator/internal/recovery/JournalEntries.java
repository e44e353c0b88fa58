package io.gristmill.coordinator.internal.recovery;

import io.gristmill.api.InputSplit;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.internal.JobPlanner;
import io.gristmill.coordinator.internal.ShippedFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The journal's entries, one per decision that a successor must not redo or contradict: a job accepted (everything
 * needed to plan it again), planned (its splits, so that its tasks keep their numbers), a task's commit granted
 * (with the counters that then stand), the job commit begun, the job being failed or killed, the job ended.
 * {@link RecoveredJob#replay} reads them back.
 */
public final class JournalEntries {
    static final String TYPE = "e";

    private JournalEntries() {
    }

    public static JsonObject accepted(String jobId, JobSpec spec, JobPlanner.Accepted accepted, String secret,
                                      long submittedMillis) {
        return accepted(jobId, spec, accepted, secret, submittedMillis, null);
    }

    /** @param pipeline the pipeline step the job runs (null: none), so that a later term still links them */
    public static JsonObject accepted(String jobId, JobSpec spec, JobPlanner.Accepted accepted, String secret,
                                      long submittedMillis, JobStatus.PipelineLink pipeline) {
        return new JsonObject().put(TYPE, "accepted").put("id", jobId).put("spec", JournalJson.toJson(spec))
                .put("jobClass", accepted.jobClass())
                .put("inputFiles", new JsonArray(List.copyOf(accepted.inputFiles())))
                .put("jarHash", accepted.jarHash()).put("name", accepted.name()).put("secret", secret)
                .put("submitted", submittedMillis).put("sideFiles", sideFiles(accepted.sideFiles()))
                .put("pipeline", pipeline == null ? null : JournalJson.toJson(pipeline));
    }

    /** Side files as {@code [name, hash, path]} arrays: their hashes were taken at acceptance, off the context. */
    private static JsonArray sideFiles(List<ShippedFile> files) {
        JsonArray array = new JsonArray();
        files.forEach(f -> array.add(new JsonArray().add(f.name()).add(f.hash()).add(f.file().toString())));
        return array;
    }

    public static JsonObject planned(Map<String, String> params, List<InputSplit> splits, int reducers) {
        JsonArray compact = new JsonArray();
        for (InputSplit split : splits) { // a million splits: arrays, not objects
            compact.add(new JsonArray().add(split.path()).add(split.start()).add(split.length()));
        }
        return new JsonObject().put(TYPE, "planned").put("params", new JsonObject(Map.copyOf(params)))
                .put("reducers", reducers).put("splits", compact);
    }

    public static JsonObject granted(String taskId, String attemptId, Map<String, Map<String, Long>> counters) {
        return new JsonObject().put(TYPE, "granted").put("task", taskId).put("attempt", attemptId)
                .put("counters", JournalJson.toJson(counters == null ? Map.of() : counters));
    }

    public static JsonObject committing() {
        return new JsonObject().put(TYPE, "committing");
    }

    public static JsonObject ending(JobState state, String error, String taskId, String trace) {
        return new JsonObject().put(TYPE, "ending").put("state", state.name()).put("error", error)
                .put("task", taskId).put("trace", trace);
    }

    public static JsonObject ended(JobState state) {
        return new JsonObject().put(TYPE, "ended").put("state", state.name());
    }
}
