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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the journal says about one job that had not ended when its coordinator's term ended: enough to resume it.
 *
 * @param plan     null if the job was still planning (it is planned again)
 * @param grants   the last commit granted per task, with the counters that stand if that task's output is committed
 * @param ending   non-null if the job was being failed or killed (it finishes doing so)
 * @param pipeline the pipeline step the job runs, or null
 */
public record RecoveredJob(String id, JobSpec spec, JobPlanner.Accepted accepted, String secret, long submittedMillis,
                           JobPlanner.Plan plan, Map<String, Grant> grants, boolean committing, Ending ending,
                           JobStatus.PipelineLink pipeline) {

    /** A task's commit granted to {@code attemptId}, with the counters that attempt reported. */
    public record Grant(String attemptId, Map<String, Map<String, Long>> counters) {
    }

    /** The job was moving to {@code state} for this reason. */
    public record Ending(JobState state, String error, String taskId, String trace) {
    }

    /**
     * Folds a job's journal entries; null when the job ended (the history holds it) or the journal holds no
     * acceptance (nothing to resume).
     */
    public static RecoveredJob replay(List<JsonObject> entries) {
        // folded into locals, built once: a map-only job journals a grant per map, hundreds of thousands of them
        JsonObject accepted = null;
        JobPlanner.Plan plan = null;
        Map<String, Grant> grants = new LinkedHashMap<>();
        boolean committing = false;
        Ending ending = null;
        for (JsonObject entry : entries) {
            String type = entry.getString(JournalEntries.TYPE, "");
            if (type.equals("accepted")) {
                accepted = entry;
            } else if (accepted == null) {
                continue; // no acceptance: nothing to resume
            } else if (type.equals("planned")) {
                plan = plan(entry);
            } else if (type.equals("granted")) {
                grants.put(entry.getString("task"), new Grant(entry.getString("attempt"), counters(entry)));
            } else if (type.equals("committing")) {
                committing = true;
            } else if (type.equals("ending")) {
                ending = new Ending(JobState.valueOf(entry.getString("state")), entry.getString("error"),
                        entry.getString("task"), entry.getString("trace"));
            } else if (type.equals("ended")) {
                return null;
            }
        }
        return accepted == null ? null : accepted(accepted, plan, grants, committing, ending);
    }

    private static RecoveredJob accepted(JsonObject entry, JobPlanner.Plan plan, Map<String, Grant> grants,
                                         boolean committing, Ending ending) {
        List<String> inputs = new ArrayList<>();
        entry.getJsonArray("inputFiles").forEach(p -> inputs.add((String) p));
        JobPlanner.Accepted accepted = new JobPlanner.Accepted(entry.getString("jobClass"), inputs,
                entry.getString("jarHash"), entry.getString("name"), sideFiles(entry));
        return new RecoveredJob(entry.getString("id"), JournalJson.fromJson(entry.getJsonObject("spec"), JobSpec.class),
                accepted, entry.getString("secret"), entry.getLong("submitted"), plan, Map.copyOf(grants), committing, ending,
                entry.getJsonObject("pipeline") == null ? null
                        : JournalJson.fromJson(entry.getJsonObject("pipeline"), JobStatus.PipelineLink.class));
    }

    /** The side files an acceptance entry lists (none in an entry written before side files existed). */
    private static List<ShippedFile> sideFiles(JsonObject entry) {
        List<ShippedFile> files = new ArrayList<>();
        for (Object item : entry.getJsonArray("sideFiles", new JsonArray())) {
            JsonArray f = (JsonArray) item;
            files.add(new ShippedFile(f.getString(0), f.getString(1), Path.of(f.getString(2))));
        }
        return files;
    }

    private static JobPlanner.Plan plan(JsonObject entry) {
        Map<String, String> params = new LinkedHashMap<>();
        entry.getJsonObject("params").forEach(e -> params.put(e.getKey(), String.valueOf(e.getValue())));
        JsonArray compact = entry.getJsonArray("splits");
        List<InputSplit> splits = new ArrayList<>(compact.size());
        for (int i = 0; i < compact.size(); i++) {
            JsonArray s = compact.getJsonArray(i);
            splits.add(new InputSplit(s.getString(0), s.getLong(1), s.getLong(2)));
        }
        return new JobPlanner.Plan(params, splits, entry.getInteger("reducers"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Long>> counters(JsonObject entry) {
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        entry.getJsonObject("counters", new JsonObject()).forEach(group -> {
            Map<String, Long> values = new LinkedHashMap<>();
            ((JsonObject) (group.getValue() instanceof Map<?, ?> m ? new JsonObject((Map<String, Object>) m) : group.getValue()))
                    .forEach(c -> values.put(c.getKey(), ((Number) c.getValue()).longValue()));
            counters.put(group.getKey(), values);
        });
        return counters;
    }
}
