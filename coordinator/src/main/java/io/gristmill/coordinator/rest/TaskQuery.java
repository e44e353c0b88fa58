package io.gristmill.coordinator.rest;

import io.gristmill.cluster.TaskType;
import io.gristmill.coordinator.TaskState;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * The filters and paging of one job's tasks, read from a request's query: {@code state} (a task state), {@code type}
 * ({@code map} or {@code reduce}), {@code offset} and {@code limit}, as {@link ListQuery} reads the jobs and workers
 * lists. A job may have 200,000 tasks, so the console asks for the page it shows. The event stream reads them
 * prefixed ({@code taskState}, {@code taskType}, {@code taskOffset}, {@code taskLimit}) so that they do not clash with
 * its jobs and workers lists' parameters.
 *
 * @param type  only tasks of this kind, or null for maps and reduces
 * @param state only tasks in this state, or null for all
 */
record TaskQuery(TaskType type, TaskState state, int offset, int limit) {
    /** Every task: what {@code GET /api/v1/jobs/{id}/tasks} answers without parameters, as it always did. */
    static final int WHOLE_LIST = Integer.MAX_VALUE;

    /**
     * The query of {@code ctx}'s request, its parameters' names prefixed by {@code prefix} ("" or "task");
     * {@code absentLimit} when no limit is given. A bad parameter is an {@link ApiException} (400) naming it.
     */
    static TaskQuery of(RoutingContext ctx, String prefix, int absentLimit) {
        return new TaskQuery(ListQuery.enumParam(ctx, name(prefix, "type"), TaskType.class),
                ListQuery.enumParam(ctx, name(prefix, "state"), TaskState.class),
                ListQuery.intParam(ctx, name(prefix, "offset"), 0, 0, Integer.MAX_VALUE),
                ListQuery.intParam(ctx, name(prefix, "limit"), absentLimit, 1, ListQuery.MAX_LIMIT));
    }

    /** {@code offset} itself, or prefixed in camel case: {@code taskOffset}. */
    private static String name(String prefix, String parameter) {
        return prefix.isEmpty() ? parameter
                : prefix + parameter.substring(0, 1).toUpperCase(Locale.ROOT) + parameter.substring(1);
    }
}
