package io.gristmill.coordinator.rest;

import io.gristmill.cluster.Secrets;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of DESIGN.md "Security defaults", run before every route:
 * <ul>
 *   <li>a {@code Host} that is not one of the coordinator's own names → 403 (DNS rebinding);</li>
 *   <li>a path spelled as no real client spells it ({@link PathSpelling}) → 400;</li>
 *   <li>a state-changing request (POST, PUT, PATCH, DELETE) with an {@code Origin} whose host:port is not the
 *       request's own host:port → 403 (cross-site posts); requests without {@code Origin} (command-line clients)
 *       pass;</li>
 *   <li>with a token configured, a request without {@code Authorization: Bearer <token>} → 401, unless
 *       {@link PublicPaths} lists it (the console's event stream, {@code GET /api/v1/events}, may carry the token
 *       as {@code ?token=} instead). The path checked is the normalised one that the router matches: a check on
 *       the raw path let {@code /%61pi/v1/jobs} or {@code //api/v1/jobs} reach the API without the token.</li>
 * </ul>
 */
final class SecurityHandler implements Handler<RoutingContext> {
    private static final Set<HttpMethod> STATE_CHANGING =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final RestConfig config;

    SecurityHandler(RestConfig config) {
        this.config = config;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!refusedHost(ctx) && !refusedPath(ctx) && !refusedOrigin(ctx) && !refusedWithoutToken(ctx)) {
            ctx.next();
        }
    }

    // Each check below answers the request and returns true when it refuses it.

    private boolean refusedHost(RoutingContext ctx) {
        if (ctx.request().headers().getAll(HttpHeaders.HOST).size() > 1) {
            // RFC 9112 3.2: a proxy in front may have read the other one
            ErrorResponses.send(ctx, 400, null, "more than one Host header");
            return true;
        }
        HostAndPort authority = ctx.request().authority(); // Host, or :authority in HTTP/2; null when absent
        String host = authority == null ? null : authority.host();
        if (config.allowsHost(host)) {
            return false;
        }
        ErrorResponses.send(ctx, 403, null, host == null || host.isBlank()
                ? "the Host header is missing or empty" : "host '" + host + "' is not one of this coordinator's names");
        return true;
    }

    private static boolean refusedPath(RoutingContext ctx) {
        String refusal = PathSpelling.refusal(ctx.request().path(), ctx.request().query());
        if (refusal != null) {
            ErrorResponses.send(ctx, 400, null, refusal);
        }
        return refusal != null;
    }

    private static boolean refusedOrigin(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || !STATE_CHANGING.contains(request.method())) {
            return false;
        }
        HostAndPort authority = request.authority();
        int port = authority.port() < 0 ? 80 : authority.port();
        if (sameOrigin(origin, authority.host(), port)) {
            return false;
        }
        ErrorResponses.send(ctx, 403, null, "cross-origin request from '" + origin + "' refused");
        return true;
    }

    private boolean refusedWithoutToken(RoutingContext ctx) {
        String path = ctx.normalizedPath(); // what the router matches, not the raw path
        if (config.bearerToken() == null || PublicPaths.isPublic(ctx.request().method(), path)
                || authorized(ctx.request(), path)) {
            return false;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ErrorResponses.send(ctx, 401, null, "missing or wrong bearer token");
        return true;
    }

    private boolean authorized(HttpServerRequest request, String normalizedPath) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (token == null && ConsoleRoutes.EVENTS.equals(normalizedPath)) {
            token = request.getParam("token"); // a browser's EventSource cannot send headers: the console's stream only
        }
        return Secrets.matches(config.bearerToken(), token);
    }

    /**
     * Whether {@code origin} (scheme://host[:port]) names {@code host} and {@code port}, the request's own
     * authority (for a plain-HTTP server a {@code Host} without port means 80).
     */
    static boolean sameOrigin(String origin, String host, int port) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false; // includes the opaque origin "null"
        }
        int originPort = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme().toLowerCase(Locale.ROOT));
        return RestConfig.hostName(uri.getHost()).equals(RestConfig.hostName(host)) && originPort == port;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
