package io.gristmill.coordinator.rest;

/**
 * Refuses request paths spelled in ways no real client sends: dot segments ({@code /./}, {@code /../}, also
 * percent-encoded), an encoded {@code /}, {@code \} or control character, a raw {@code \}, a broken escape.
 * Browsers, curl and the CLI resolve dot segments and never encode those characters; a path that carries them is
 * someone probing for a gap between what is checked and what is routed, and refusing it keeps that gap closed
 * even where a later check forgets to normalise.
 */
final class PathSpelling {
    private PathSpelling() {
    }

    /** Why {@code rawPath} (as on the request line, before any decoding) is refused, or null when it is fine. */
    static String refusal(String rawPath) {
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
            if (decoded == '/' || decoded == '\\' || decoded == '.' || decoded < 0x20 || decoded == 0x7f) {
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
