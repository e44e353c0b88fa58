package io.gristmill.coordinator.rest;

/**
 * Refuses request targets spelled in ways no real client sends: paths with dot segments ({@code /./},
 * {@code /../}, also percent-encoded), an encoded {@code /}, {@code \}, {@code %} or control character, a raw
 * {@code \}, or a broken escape; queries with a broken escape. An encoded {@code %} is how a path gets decoded
 * twice: vertx-web's StaticHandler decodes the already decoded path again (and fails with a 500 on {@code %25%3F}).
 * Browsers, curl and the CLI resolve dot segments and never encode those characters; a path that carries them is
 * someone probing for a gap between what is checked and what is routed, and refusing it keeps that gap closed
 * even where a later check forgets to normalise.
 */
final class PathSpelling {
    private PathSpelling() {
    }

    /**
     * Why {@code rawPath} (as on the request line, before any decoding) or {@code rawQuery} (null when there is
     * none) is refused, or null when they are fine.
     */
    static String refusal(String rawPath, String rawQuery) {
        String refusal = pathRefusal(rawPath);
        return refusal != null ? refusal : queryRefusal(rawQuery);
    }

    /** A broken escape in the query would fail whichever handler first reads a parameter, as a 500. */
    private static String queryRefusal(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 1)) {
            if (escapedByte(rawQuery, i) < 0) {
                return "the query has a broken percent-escape at position " + i;
            }
        }
        return null;
    }

    private static String pathRefusal(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return "the request path must start with '/'";
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "the request path must not contain '\\'";
        }
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            int decoded = escapedByte(rawPath, i);
            if (decoded < 0) {
                return "the request path has a broken percent-escape at position " + i;
            }
            if (decoded == '/' || decoded == '\\' || decoded == '.' || decoded == '%' || decoded < 0x20 || decoded == 0x7f) {
                return "the request path must not percent-encode '" + rawPath.substring(i, i + 3) + "'";
            }
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "the request path must not contain '.' or '..' segments";
            }
        }
        return null;
    }

    /** The byte that the escape {@code %XX} at {@code at} stands for, or -1 if it is not two hex digits. */
    private static int escapedByte(String path, int at) {
        if (at + 2 >= path.length()) {
            return -1;
        }
        int high = Character.digit(path.charAt(at + 1), 16);
        int low = Character.digit(path.charAt(at + 2), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }
}
