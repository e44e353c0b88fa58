package io.gristmill.coordinator.rest;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of DESIGN.md "Security defaults", run before every route:
 * <ul>
 *   <li>a {@code Host} that is not one of the coordinator's own names → 403 (DNS rebinding);</li>
 *   <li>a state-changing request (POST, PUT, PATCH, DELETE) with an {@code Origin} whose host:port is not the
 *       request's own host:port → 403 (cross-site posts); requests without {@code Origin} (command-line clients)
 *       pass;</li>
 *   <li>with a token configured, an {@code /api/*} or {@code /metrics} request without
 *       {@code Authorization: Bearer <token>} → 401 (the console's event stream, {@code GET /api/v1/events}, may
 *       carry it as {@code ?token=} instead).</li>
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
        HttpServerRequest request = ctx.request();
        HostAndPort authority = request.authority(); // Host, or :authority in HTTP/2
        String host = authority == null ? null : authority.host();
        if (!config.allowsHost(host)) {
            ErrorResponses.send(ctx, 403, null, "host '" + host + "' is not one of this coordinator's names");
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        int port = authority.port() < 0 ? 80 : authority.port();
        if (origin != null && STATE_CHANGING.contains(request.method()) && !sameOrigin(origin, host, port)) {
            ErrorResponses.send(ctx, 403, null, "cross-origin request from '" + origin + "' refused");
            return;
        }
        if (config.bearerToken() != null && needsToken(request.path()) && !authorized(request)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ErrorResponses.send(ctx, 401, null, "missing or wrong bearer token");
            return;
        }
        ctx.next();
    }

    /** The API and the metrics need the token when one is configured; {@code /health} and the console do not. */
    private static boolean needsToken(String path) {
        return path.startsWith("/api/") || path.equals("/metrics");
    }

    private boolean authorized(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (token == null && ConsoleRoutes.EVENTS.equals(request.path())) {
            token = request.getParam("token"); // a browser's EventSource cannot send headers: the console's stream only
        }
        if (token == null) {
            return false;
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        byte[] expected = config.bearerToken().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
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
