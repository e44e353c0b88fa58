package io.gristmill.coordinator.internal.recovery;

import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.PipelineStatus;
import io.gristmill.coordinator.internal.JobHistory;
import io.gristmill.coordinator.internal.pipeline.PipelineHistory;
import io.gristmill.coordinator.internal.pipeline.PipelineTracker;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a coordinator does with its state dir before it acts: claims the next term (or learns it lost the race),
 * replays the journal into the jobs and pipelines to resume, and loads the history of the others. Blocking.
 *
 * @param term              this coordinator's term
 * @param resumed           jobs an earlier term left unfinished, to resume
 * @param historic          jobs that ended (or cannot be resumed, settled by {@link JobHistory#recover})
 * @param resumedPipelines  pipelines an earlier term left unfinished, to carry on
 * @param historicPipelines pipelines that ended (or have no journal to resume from, settled by
 *                          {@link PipelineHistory#recover})
 */
public record TermStart(CoordinatorTerms.Term term, List<RecoveredJob> resumed, List<JobStatus> historic,
                        List<RecoveredPipeline> resumedPipelines, List<PipelineStatus> historicPipelines) {

    /** Thrown when another coordinator claimed the term first: this one must not become active. */
    public static final class LostTheRaceException extends IllegalStateException {
        LostTheRaceException(String message) {
            super(message);
        }
    }

    public static TermStart begin(CoordinatorTerms terms, JobJournal journal, JobHistory history,
                                  PipelineHistory pipelineHistory, long nowMillis) throws IOException {
        java.util.Optional<CoordinatorTerms.Term> claimed = terms.claimNext(processName(), null, nowMillis);
        if (claimed.isEmpty()) {
            throw new LostTheRaceException("another coordinator became active first (term "
                    + terms.newest().map(CoordinatorTerms.Term::number).orElse(0L) + ")");
        }
        CoordinatorTerms.Term term = claimed.get();
        List<RecoveredJob> resumed = new ArrayList<>();
        List<RecoveredPipeline> pipelines = new ArrayList<>();
        for (Map.Entry<String, List<JsonObject>> journaled : journal.replay().entrySet()) {
            if (PipelineTracker.isPipelineId(journaled.getKey())) { // pipelines share the journal's folder
                RecoveredPipeline recovered = RecoveredPipeline.replay(journaled.getValue());
                if (recovered != null) {
                    pipelines.add(recovered);
                }
                continue;
            }
            RecoveredJob recovered = RecoveredJob.replay(journaled.getValue());
            if (recovered != null) {
                resumed.add(recovered);
            }
        }
        Set<String> resumedIds = resumed.stream().map(RecoveredJob::id).collect(Collectors.toSet());
        List<JobStatus> historic = history.recover(resumedIds);
        // a job whose history says it ended, though its journal's last entry was lost, is not resumed
        Set<String> ended = historic.stream().map(JobStatus::id).collect(Collectors.toSet());
        resumed.removeIf(job -> ended.contains(job.id()));
        List<PipelineStatus> historicPipelines = pipelineHistory.recover(
                pipelines.stream().map(RecoveredPipeline::id).collect(Collectors.toSet()));
        Set<String> endedPipelines = historicPipelines.stream().map(PipelineStatus::id).collect(Collectors.toSet());
        pipelines.removeIf(pipeline -> endedPipelines.contains(pipeline.id()));
        return new TermStart(term, resumed, historic, pipelines, historicPipelines);
    }

    /** How the terms list names a process: {@code pid@host}. */
    static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return ProcessHandle.current().pid() + "@" + host;
    }
}
