package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.WorkerStatus;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The filters and paging of the list endpoints: {@code GET /api/v1/jobs?state=S} and
 * {@code GET /api/v1/workers?alive=true|false}, both with {@code limit} and {@code offset}. A cluster of thousands of
 * workers or hundreds of jobs answers a page, not the whole list; {@code X-Total-Count} gives the length of the
 * filtered list, so a client can page through it. Without parameters the whole list comes back, as before.
 */
final class ListQuery {
    static final String TOTAL_COUNT = "X-Total-Count";
    static final int MAX_LIMIT = 10_000;

    private ListQuery() {
    }

    /** The jobs the query asks for ({@code state}, then the page). */
    static List<JobStatus> jobs(RoutingContext ctx, List<JobStatus> all) {
        String state = ctx.request().getParam("state");
        Predicate<JobStatus> filter = j -> true;
        if (state != null) {
            JobState wanted = parseState(state);
            filter = j -> j.state() == wanted;
        }
        return page(ctx, all.stream().filter(filter).toList());
    }

    /** The workers the query asks for ({@code alive}, then the page). */
    static List<WorkerStatus> workers(RoutingContext ctx, List<WorkerStatus> all) {
        String alive = ctx.request().getParam("alive");
        Predicate<WorkerStatus> filter = w -> true;
        if (alive != null) {
            if (!alive.equals("true") && !alive.equals("false")) {
                throw new ApiException(400, "alive", "alive must be true or false, not '" + alive + "'");
            }
            boolean wanted = Boolean.parseBoolean(alive);
            filter = w -> w.alive() == wanted;
        }
        return page(ctx, all.stream().filter(filter).toList());
    }

    /** {@code offset} (default 0) and {@code limit} (default all) applied to {@code list}; sets the total count. */
    static <T> List<T> page(RoutingContext ctx, List<T> list) {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", MAX_LIMIT, 1, MAX_LIMIT);
        ctx.response().putHeader(TOTAL_COUNT, Integer.toString(list.size()));
        if (offset >= list.size()) {
            return List.of();
        }
        return list.subList(offset, (int) Math.min(list.size(), (long) offset + limit));
    }

    private static JobState parseState(String state) {
        try {
            return JobState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "state", "no job state '" + state + "'; one of "
                    + java.util.Arrays.toString(JobState.values()));
        }
    }

    private static int intParam(RoutingContext ctx, String name, int absent, int min, int max) {
        String text = ctx.request().getParam(name);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, name, name + " must be a whole number from " + min + " to " + max + ", not '"
                + text + "'");
    }
}
