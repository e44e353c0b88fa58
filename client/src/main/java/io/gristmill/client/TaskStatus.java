package io.gristmill.client;

import java.util.List;

/** One map or reduce task of a job with its attempts ({@code GET /api/v1/jobs/{id}/tasks}). */
public record TaskStatus(String taskId, String type, String state, String split, List<AttemptStatus> attempts) {
    public TaskStatus {
        attempts = attempts == null ? List.of() : attempts;
    }
}
