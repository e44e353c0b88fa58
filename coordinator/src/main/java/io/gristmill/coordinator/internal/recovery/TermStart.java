package io.gristmill.coordinator.internal.recovery;

import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.internal.JobHistory;
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
 * replays the journal into the jobs to resume, and loads the history of the others. Blocking.
 *
 * @param term     this coordinator's term
 * @param resumed  jobs an earlier term left unfinished, to resume
 * @param historic jobs that ended (or cannot be resumed, settled by {@link JobHistory#recover})
 */
public record TermStart(CoordinatorTerms.Term term, List<RecoveredJob> resumed, List<JobStatus> historic) {

    /** Thrown when another coordinator claimed the term first: this one must not become active. */
    public static final class LostTheRaceException extends IllegalStateException {
        LostTheRaceException(String message) {
            super(message);
        }
    }

    public static TermStart begin(CoordinatorTerms terms, JobJournal journal, JobHistory history, long nowMillis)
            throws IOException {
        java.util.Optional<CoordinatorTerms.Term> claimed = terms.claimNext(processName(), null, nowMillis);
        if (claimed.isEmpty()) {
            throw new LostTheRaceException("another coordinator became active first (term "
                    + terms.newest().map(CoordinatorTerms.Term::number).orElse(0L) + ")");
        }
        CoordinatorTerms.Term term = claimed.get();
        List<RecoveredJob> resumed = new ArrayList<>();
        for (Map.Entry<String, List<JsonObject>> job : journal.replay().entrySet()) {
            RecoveredJob recovered = RecoveredJob.replay(job.getValue());
            if (recovered != null) {
                resumed.add(recovered);
            }
        }
        Set<String> resumedIds = resumed.stream().map(RecoveredJob::id).collect(Collectors.toSet());
        List<JobStatus> historic = history.recover(resumedIds);
        // a job whose history says it ended, though its journal's last entry was lost, is not resumed
        Set<String> ended = historic.stream().map(JobStatus::id).collect(Collectors.toSet());
        resumed.removeIf(job -> ended.contains(job.id()));
        return new TermStart(term, resumed, historic);
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
