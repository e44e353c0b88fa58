package io.gristmill.client.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Parses coordinator base URLs: {@code http://host:port} with an optional path prefix, kept ending in {@code /}. */
public final class Coordinators {
    private Coordinators() {
    }

    /** A base URL that {@link URI#resolve(String)} extends with {@code api/v1/...}. */
    public static URI base(String url) {
        String trimmed = url.trim();
        URI uri = URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a coordinator URL (http://HOST:PORT): " + url);
        }
        return uri;
    }

    /** Comma-separated URLs, as {@code --coordinator} and {@code GRISTMILL_COORDINATOR} take them. */
    public static List<URI> parseList(String commaSeparated) {
        List<URI> urls = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                urls.add(base(part));
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no coordinator URL given");
        }
        return urls;
    }
}
