package io.gristmill.coordinator.internal.recovery;

import io.gristmill.api.Pipeline;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.internal.planning.PipelineCodec;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the journal says about one pipeline that had not ended when its coordinator's term ended: enough to carry it
 * on without running a finished step or round again.
 *
 * @param pipeline   its steps, or null if it was still being defined (its definition runs again)
 * @param steps      by step name, what each step that began has done
 * @param committing whether the pipeline's commit had begun (it is done again: it only moves files still left)
 * @param ending     non-null if the pipeline was being failed or killed (it finishes doing so)
 */
public record RecoveredPipeline(String id, String name, JobSpec spec, String pipelineClass, long submittedMillis,
                                Pipeline pipeline, long startedMillis, Map<String, StepProgress> steps,
                                boolean committing, Ending ending) {

    /**
     * One step's progress.
     *
     * @param jobIds      its jobs by round (round 1 first)
     * @param roundsEnded how many of those rounds ended and were decided on; a job past them may still run
     * @param stopReason  null while the step goes on; why it stopped once it did ("" for a step that runs once)
     * @param counters    the counters of its last ended round
     */
    public record StepProgress(List<String> jobIds, int roundsEnded, String stopReason,
                               Map<String, Map<String, Long>> counters) {
        public boolean done() {
            return stopReason != null;
        }
    }

    /** The pipeline was moving to {@code state} for this reason. */
    public record Ending(JobState state, String error, String step, String jobId, String trace) {
    }

    /**
     * Folds a pipeline's journal entries; null when it ended (the history holds it) or the journal holds no
     * acceptance. Fails when the journaled steps cannot be read back.
     */
    public static RecoveredPipeline replay(List<JsonObject> entries) throws IOException {
        JsonObject accepted = null;
        Pipeline pipeline = null;
        long started = 0;
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        Map<String, JsonObject> lastRoundEnded = new LinkedHashMap<>();
        boolean committing = false;
        Ending ending = null;
        for (JsonObject entry : entries) {
            String type = entry.getString(JournalEntries.TYPE, "");
            if (type.equals("pipeline-accepted")) {
                accepted = entry;
            } else if (accepted == null) {
                continue; // no acceptance: nothing to resume
            } else if (type.equals("defined")) {
                pipeline = PipelineCodec.fromBytes(Base64.getDecoder().decode(entry.getString("steps")));
                started = entry.getLong("started");
            } else if (type.equals("step-job")) {
                List<String> rounds = jobs.computeIfAbsent(entry.getString("step"), s -> new ArrayList<>());
                if (rounds.size() == entry.getInteger("round") - 1) { // a round is recorded once
                    rounds.add(entry.getString("job"));
                }
            } else if (type.equals("round-ended")) {
                lastRoundEnded.put(entry.getString("step"), entry);
            } else if (type.equals("committing")) {
                committing = true;
            } else if (type.equals("ending")) {
                ending = new Ending(JobState.valueOf(entry.getString("state")), entry.getString("error"),
                        entry.getString("step"), entry.getString("job"), entry.getString("trace"));
            } else if (type.equals("ended")) {
                return null;
            }
        }
        if (accepted == null) {
            return null;
        }
        Map<String, StepProgress> steps = new LinkedHashMap<>();
        jobs.forEach((step, ids) -> {
            JsonObject ended = lastRoundEnded.get(step);
            steps.put(step, new StepProgress(List.copyOf(ids), ended == null ? 0 : ended.getInteger("round"),
                    ended == null ? null : ended.getString("stop"),
                    ended == null ? Map.of() : RecoveredJob.counters(ended)));
        });
        return new RecoveredPipeline(accepted.getString("id"), accepted.getString("name"),
                JournalJson.fromJson(accepted.getJsonObject("spec"), JobSpec.class), accepted.getString("pipelineClass"),
                accepted.getLong("submitted"), pipeline, started, steps, committing, ending);
    }
}
