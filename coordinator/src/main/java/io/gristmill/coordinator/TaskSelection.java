package io.gristmill.coordinator;

/**
 * Which of a job's tasks a request for its task list answers: their positions in the job's list of that kind of task
 * (maps then reduces when no kind is asked for), and how many tasks the whole filtered list holds. The request's
 * filter is applied once, when the selection is made; the tasks' statuses are read later, a slice at a time.
 */
public record TaskSelection(int[] positions, int total) {
}
