package io.gristmill.coordinator.internal;

import io.gristmill.coordinator.internal.recovery.JobJournal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The coordinator's side of the {@link JobJournal} (for jobs and pipelines alike): appends a decision and completes on the coordinator's context
 * once it is on disk. Without a state dir (local mode, tests) nothing is kept and every append completes at once.
 */
public final class DecisionLog {
    private final JobJournal journal;
    private final Context context;

    /** @param journal null to keep nothing */
    public DecisionLog(JobJournal journal, Context context) {
        this.journal = journal;
        this.context = context;
    }

    /** @param jobId the job (or pipeline) whose journal gets the entry */
    public Future<Void> append(String jobId, JsonObject entry) {
        if (journal == null) {
            return Future.succeededFuture();
        }
        return Future.fromCompletionStage(journal.append(jobId, entry), context);
    }
}
