package io.gristmill.coordinator.rest;

import io.vertx.core.http.HttpMethod;

/**
 * The requests that need no bearer token even when one is configured; everything else needs it, so that a new
 * route is protected unless it is added here on purpose. Public: {@code GET /health}, the console's static files
 * and its libraries ({@code /webjars/*}), and {@code GET /internal/jars/<hash>} and {@code /internal/files/<hash>},
 * which check a per-job secret of their own. Decided on the normalised path, the one the router matches.
 */
final class PublicPaths {
    private static final String HEALTH = "/health";
    private static final String WEBJARS = "/webjars/";
    private static final String JARS = RestApi.JARS + "/";
    private static final String FILES = RestApi.FILES + "/";

    private PublicPaths() {
    }

    static boolean isPublic(HttpMethod method, String normalizedPath) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false; // every public resource is read-only
        }
        String route = withoutTrailingSlash(normalizedPath);
        return route.equals(HEALTH)
                || normalizedPath.startsWith(WEBJARS)
                || isOneSegmentUnder(JARS, route)
                || isOneSegmentUnder(FILES, route)
                || ConsoleRoutes.servesFile(normalizedPath);
    }

    /** The router matches a route's path with or without one trailing slash; so do these checks. */
    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static boolean isOneSegmentUnder(String prefix, String path) {
        return path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0;
    }
}
