package io.gristmill.coordinator.internal.recovery;

import io.gristmill.api.Pipeline;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.internal.planning.PipelineCodec;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Map;

/**
 * A pipeline's entries in the journal ({@code journal/<pipeline id>.jsonl}, next to the jobs'), one per decision a
 * later coordinator term must not redo or contradict: the pipeline accepted (everything needed to define it again),
 * defined (its steps, so that no job code runs again to learn them), a step's round submitted as a job (its id), a
 * round ended (with the counters its iteration condition read, and whether the step stops there), the pipeline's
 * commit begun, the pipeline being failed or killed, the pipeline ended. {@link RecoveredPipeline#replay} reads them
 * back.
 */
public final class PipelineJournalEntries {
    private PipelineJournalEntries() {
    }

    public static JsonObject accepted(String id, String name, JobSpec spec, String pipelineClass, long submittedMillis) {
        return new JsonObject().put(JournalEntries.TYPE, "pipeline-accepted").put("id", id).put("name", name)
                .put("spec", JournalJson.toJson(spec)).put("pipelineClass", pipelineClass)
                .put("submitted", submittedMillis);
    }

    /** The steps as the definition returned them (the planning codec's bytes, in Base64). */
    public static JsonObject defined(Pipeline pipeline, long startedMillis) {
        return new JsonObject().put(JournalEntries.TYPE, "defined").put("started", startedMillis)
                .put("steps", Base64.getEncoder().encodeToString(PipelineCodec.toBytes(pipeline)));
    }

    public static JsonObject stepJob(String step, int round, String jobId) {
        return new JsonObject().put(JournalEntries.TYPE, "step-job").put("step", step).put("round", round)
                .put("job", jobId);
    }

    /**
     * @param stopReason null when the step runs another round; else why it stops ("" for a step that runs once)
     */
    public static JsonObject roundEnded(String step, int round, Map<String, Map<String, Long>> counters,
                                        String stopReason) {
        return new JsonObject().put(JournalEntries.TYPE, "round-ended").put("step", step).put("round", round)
                .put("counters", JournalJson.toJson(counters == null ? Map.of() : counters))
                .put("stop", stopReason);
    }

    public static JsonObject committing() {
        return new JsonObject().put(JournalEntries.TYPE, "committing");
    }

    public static JsonObject ending(JobState state, String error, String step, String jobId, String trace) {
        return new JsonObject().put(JournalEntries.TYPE, "ending").put("state", state.name()).put("error", error)
                .put("step", step).put("job", jobId).put("trace", trace);
    }

    public static JsonObject ended(JobState state) {
        return new JsonObject().put(JournalEntries.TYPE, "ended").put("state", state.name());
    }
}
