package io.gristmill.coordinator.internal.input;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks on user-given text that is about to become a path, and its safe display. Java strings can hold what no
 * file name can: a NUL character, or an unpaired surrogate (text that does not survive UTF-8). Stateless.
 */
final class PathText {
    private PathText() {
    }

    /** Why {@code text} cannot name a file (for example "holds a NUL character"), or empty if it can. */
    static Optional<String> defect(String text) {
        if (text.indexOf('\0') >= 0) {
            return Optional.of("holds a NUL character");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            return Optional.of("is not valid Unicode (it holds an unpaired surrogate)");
        }
        return Optional.empty();
    }

    /**
     * {@code text} fit to quote in a message: control characters and unpaired surrogates as {@code \}{@code uXXXX}
     * (a raw one would break the JSON or terminal showing it), and cut to {@code maxLength} characters.
     */
    static String printable(String text, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (; i < text.length() && sb.length() < maxLength; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || isUnpairedSurrogate(text, i)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (i < text.length() && Character.isLowSurrogate(text.charAt(i))) {
            sb.append(text.charAt(i++)); // never cut a pair in two: half of one is itself unprintable
        }
        return i < text.length() ? sb.append("...").toString() : sb.toString();
    }

    private static boolean isUnpairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
