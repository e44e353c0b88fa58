package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the console shows, as JSON texts keyed by id: every job (newest first), every worker, and for a job page
 * that job and its tasks. Kept per event-stream connection so that the next tick sends only what changed: with
 * 2,000 workers and hundreds of jobs a whole snapshot is megabytes, and most of it is the same as half a second ago.
 */
final class ConsoleState {
    private final Map<String, String> jobs;
    private final Map<String, String> workers;
    private final String job;
    private final Map<String, String> tasks;

    private ConsoleState(Map<String, String> jobs, Map<String, String> workers, String job, Map<String, String> tasks) {
        this.jobs = jobs;
        this.workers = workers;
        this.job = job;
        this.tasks = tasks;
    }

    /** The state of these lists; {@code job} and {@code tasks} are null off a job page. */
    static <J, W, T> ConsoleState of(List<J> jobs, Function<J, String> jobId, List<W> workers,
                                     Function<W, String> workerId, Object job, List<T> tasks,
                                     Function<T, String> taskId) {
        return new ConsoleState(keyed(jobs, jobId), keyed(workers, workerId), job == null ? null : json(job),
                tasks == null ? null : keyed(tasks, taskId));
    }

    /** The whole state: {@code {"jobs":[..],"workers":[..]}}, plus {@code "job"} and {@code "tasks"} on a job page. */
    String snapshot() {
        StringBuilder out = new StringBuilder("{\"jobs\":").append(array(jobs)).append(",\"workers\":").append(array(workers));
        if (job != null) {
            out.append(",\"job\":").append(job).append(",\"tasks\":").append(array(tasks));
        }
        return out.append('}').toString();
    }

    /**
     * What changed since {@code before}, or null if nothing did: for each list {@code {"upsert":[..], "remove":[ids]}}
     * (only lists that changed), and {@code "job"} if the job changed. A new item is appended after the others.
     */
    String changesSince(ConsoleState before) {
        List<String> parts = new ArrayList<>();
        addChanges(parts, "jobs", before.jobs, jobs);
        addChanges(parts, "workers", before.workers, workers);
        if (job != null && !job.equals(before.job)) {
            parts.add("\"job\":" + job);
        }
        if (tasks != null) {
            addChanges(parts, "tasks", before.tasks == null ? Map.of() : before.tasks, tasks);
        }
        return parts.isEmpty() ? null : "{" + String.join(",", parts) + "}";
    }

    private static void addChanges(List<String> parts, String name, Map<String, String> before, Map<String, String> now) {
        List<String> upserts = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                upserts.add(e.getValue());
            }
        }
        List<String> removed = new ArrayList<>();
        for (String id : before.keySet()) {
            if (!now.containsKey(id)) {
                removed.add(json(id));
            }
        }
        if (!upserts.isEmpty() || !removed.isEmpty()) {
            parts.add("\"" + name + "\":{\"upsert\":[" + String.join(",", upserts) + "],\"remove\":["
                    + String.join(",", removed) + "]}");
        }
    }

    private static <T> Map<String, String> keyed(List<T> items, Function<T, String> id) {
        Map<String, String> keyed = new LinkedHashMap<>();
        for (T item : items) {
            keyed.put(id.apply(item), json(item));
        }
        return keyed;
    }

    private static String array(Map<String, String> items) {
        return "[" + String.join(",", items.values()) + "]";
    }

    private static String json(Object value) {
        try {
            return Responses.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the console state", e);
        }
    }
}
