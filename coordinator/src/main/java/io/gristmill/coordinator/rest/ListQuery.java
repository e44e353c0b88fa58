package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.Page;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Locale;

/**
 * The filters and paging of the long lists, read from a request's query: {@code state} (jobs), {@code alive}
 * (workers), {@code offset} and {@code limit}. {@code GET /api/v1/jobs} and {@code /api/v1/workers} answer that page
 * with {@code X-Total-Count} (the length of the filtered list), and the event stream carries that page; a cluster of
 * thousands of workers or hundreds of jobs sends a page, not the whole list. Without parameters: the whole list up to
 * {@value #MAX_LIMIT}, as before.
 *
 * @param state only jobs in this state, or null for all
 * @param alive only live ({@code true}) or dead ({@code false}) workers, or null for all
 */
record ListQuery(JobState state, Boolean alive, int offset, int limit) {
    static final String TOTAL_COUNT = "X-Total-Count";
    static final int MAX_LIMIT = 10_000;

    /** The query of {@code ctx}'s request; a bad parameter is an {@link ApiException} (400) naming it. */
    static ListQuery of(RoutingContext ctx) {
        return new ListQuery(enumParam(ctx, "state", JobState.class), parseAlive(ctx.request().getParam("alive")),
                intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE), intParam(ctx, "limit", MAX_LIMIT, 1, MAX_LIMIT));
    }

    /** Sets the total count on the response and gives the page's items. */
    static <T> java.util.List<T> answer(RoutingContext ctx, Page<T> page) {
        ctx.response().putHeader(TOTAL_COUNT, Integer.toString(page.total()));
        return page.items();
    }

    /** The constant of {@code type} named by parameter {@code name} in any case, or null if absent; else 400. */
    static <E extends Enum<E>> E enumParam(RoutingContext ctx, String name, Class<E> type) {
        String text = ctx.request().getParam(name);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, name, "no " + name + " '" + text + "'; one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Boolean parseAlive(String alive) {
        if (alive == null) {
            return null;
        }
        if (!alive.equals("true") && !alive.equals("false")) {
            throw new ApiException(400, "alive", "alive must be true or false, not '" + alive + "'");
        }
        return Boolean.valueOf(alive);
    }

    /** Parameter {@code name} as a whole number from {@code min} to {@code max}, {@code absent} if absent; else 400. */
    static int intParam(RoutingContext ctx, String name, int absent, int min, int max) {
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
