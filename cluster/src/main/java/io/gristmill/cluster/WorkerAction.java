package io.gristmill.cluster;

/** What a coordinator message to a worker asks for (the {@link Addresses#ACTION_HEADER} header). */
public enum WorkerAction {
    /** {@link Messages.RunAttempts}: run a bundle of attempts (usually one) in a free slot. */
    RUN,
    /** {@link Messages.KillAttempt}: stop an attempt and free its slot. */
    KILL,
    /** {@link Messages.JobEnded}: a job ended; drop its map outputs and class loader. */
    JOB_ENDED
}
