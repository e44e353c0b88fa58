package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.CoordinatorVerticle;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console's routes: its static files ({@code webroot/} of the web-console jar) at {@code /}, third-party
 * libraries from WebJars on the class path at {@code /webjars/*}, and the live snapshots it renders at
 * {@code GET /api/v1/events} ({@link EventStream}). Everything passes the {@link SecurityHandler} first.
 */
final class ConsoleRoutes {
    static final String EVENTS = "/api/v1/events";
    private static final String WEBJARS = "/webjars/*";
    private static final String FILES = "/*";
    /** Where the console's files are on the class path (the web-console jar). */
    private static final String WEBROOT = "webroot";

    private ConsoleRoutes() {
    }

    /** Adds the console's routes; the static ones only answer files that exist and pass every other request on. */
    static void mount(Router router, Vertx vertx, CoordinatorVerticle coordinator) {
        router.get(EVENTS).handler(new EventStream(vertx, coordinator));
        router.get(WEBJARS).handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(24 * 3600));
        router.get(FILES).handler(StaticHandler.create(WEBROOT).setCachingEnabled(false).setIndexPage("index.html"));
    }

    /**
     * Whether {@code normalizedPath} names the console's page ({@code /}) or one of its files: those are served
     * without the bearer token, so that a browser can load the page that asks for it.
     */
    static boolean servesFile(String normalizedPath) {
        return normalizedPath.equals("/")
                || ConsoleRoutes.class.getClassLoader().getResource(WEBROOT + normalizedPath) != null;
    }

    /** Whether {@code route} serves the console's static files (those are not part of the REST API). */
    static boolean isStatic(Route route) {
        String path = route.getPath();
        return path != null && (path.equals(FILES.replace("*", "")) || path.equals(WEBJARS.replace("*", "")));
    }
}
