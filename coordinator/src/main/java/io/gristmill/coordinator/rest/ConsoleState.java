package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gristmill.coordinator.Page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one console page shows, as JSON texts keyed by id: a page of the jobs and/or a page of the workers (each with
 * the length of its whole filtered list), and on a job page that job and a page of its tasks (with the length of its
 * filtered task list). Kept per event-stream connection so that the next tick sends only what changed. Its cost is the
 * page's, never the cluster's: with 2,000 workers a whole list was megabytes, and the browser re-rendered all of it
 * twice a second; a job page of 20,500 tasks was sent 13.2 MB over a 21 s job (bench/README.md).
 */
final class ConsoleState {
    private final Listed jobs;
    private final Listed workers;
    private final String job;
    private final Listed tasks;

    private ConsoleState(Listed jobs, Listed workers, String job, Listed tasks) {
        this.jobs = jobs;
        this.workers = workers;
        this.job = job;
        this.tasks = tasks;
    }

    /** One list's page: its rows by id, in order, and how many rows the whole list has. */
    private record Listed(Map<String, String> rows, int total) {
    }

    /**
     * The state of these pages; a list not shown (null page) is left out, as are {@code job} and {@code tasks} off a
     * job page.
     */
    static <J, W, T> ConsoleState of(Page<J> jobs, Function<J, String> jobId, Page<W> workers,
                                     Function<W, String> workerId, Object job, Page<T> tasks,
                                     Function<T, String> taskId) {
        return new ConsoleState(listed(jobs, jobId), listed(workers, workerId), job == null ? null : json(job),
                listed(tasks, taskId));
    }

    /**
     * The whole state: {@code {"jobs":[..],"jobsTotal":N,"workers":[..],"workersTotal":N}} (the lists shown), plus
     * {@code "job"}, {@code "tasks"} (a page) and {@code "tasksTotal"} on a job page.
     */
    String snapshot() {
        List<String> parts = new ArrayList<>();
        addWhole(parts, "jobs", jobs);
        addWhole(parts, "workers", workers);
        if (job != null) {
            parts.add("\"job\":" + job);
            addWhole(parts, "tasks", tasks);
        }
        return "{" + String.join(",", parts) + "}";
    }

    /**
     * What changed since {@code before}, or null if nothing did: for each list shown
     * {@code {"upsert":[..], "remove":[ids], "order":[ids]}} (only lists that changed; {@code order}, the page's ids in
     * order, only when membership or order changed) and its {@code ...Total} when that changed; {@code "job"} if the
     * job changed; its page of tasks like the other lists.
     */
    String changesSince(ConsoleState before) {
        List<String> parts = new ArrayList<>();
        addChanges(parts, "jobs", before.jobs, jobs);
        addChanges(parts, "workers", before.workers, workers);
        if (job != null && !job.equals(before.job)) {
            parts.add("\"job\":" + job);
        }
        addChanges(parts, "tasks", before.tasks, tasks);
        return parts.isEmpty() ? null : "{" + String.join(",", parts) + "}";
    }

    private static void addWhole(List<String> parts, String name, Listed list) {
        if (list != null) {
            parts.add("\"" + name + "\":" + array(list.rows()));
            parts.add("\"" + name + "Total\":" + list.total());
        }
    }

    private static void addChanges(List<String> parts, String name, Listed before, Listed now) {
        if (now == null) {
            return;
        }
        Listed was = before == null ? new Listed(Map.of(), -1) : before;
        addRowChanges(parts, name, was.rows(), now.rows());
        if (was.total() != now.total()) {
            parts.add("\"" + name + "Total\":" + now.total());
        }
    }

    private static void addRowChanges(List<String> parts, String name, Map<String, String> before,
                                      Map<String, String> now) {
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
        boolean reordered = !List.copyOf(before.keySet()).equals(List.copyOf(now.keySet()));
        if (!upserts.isEmpty() || !removed.isEmpty() || reordered) {
            String order = reordered ? ",\"order\":[" + String.join(",", now.keySet().stream().map(ConsoleState::json).toList()) + "]" : "";
            parts.add("\"" + name + "\":{\"upsert\":[" + String.join(",", upserts) + "],\"remove\":["
                    + String.join(",", removed) + "]" + order + "}");
        }
    }

    private static <T> Listed listed(Page<T> page, Function<T, String> id) {
        return page == null ? null : new Listed(keyed(page.items(), id), page.total());
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
