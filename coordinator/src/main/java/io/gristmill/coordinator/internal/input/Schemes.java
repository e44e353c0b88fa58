package io.gristmill.coordinator.internal.input;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which URL schemes a job's {@code input} and {@code output} may use: none (a file path) or {@code s3://}. Anything
 * else that looks like a URL ({@code hdfs://}, {@code gs://}, {@code file://}) is refused by name, instead of being
 * taken as a relative folder called {@code hdfs:}. Stateless.
 */
public final class Schemes {
    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);

    private Schemes() {
    }

    /** Why {@code text} cannot be used as the {@code field}, if it names an unknown scheme. */
    public static Optional<String> unknown(String field, String text) {
        var m = URL.matcher(text);
        if (!m.matches() || m.group(1).equalsIgnoreCase("s3")) {
            return Optional.empty();
        }
        return Optional.of(field + " '" + PathText.printable(text, 200) + "' uses the scheme '" + m.group(1)
                + "', which Gristmill does not read or write: give a file path, or s3://BUCKET/PREFIX");
    }

    /** Throws if {@code pattern} names an unknown scheme. */
    static void refuseUnknown(String field, String pattern) throws InputPatternException {
        Optional<String> why = unknown(field, pattern);
        if (why.isPresent()) {
            throw new InputPatternException(pattern, why.get());
        }
    }
}
