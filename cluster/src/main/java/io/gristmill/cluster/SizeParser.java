package io.gristmill.cluster;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human-friendly byte sizes such as {@code --split-size} and {@code --sort-buffer}: a non-negative number,
 * optionally with a fraction, then an optional unit {@code k}, {@code m}, {@code g} or {@code t} (powers of 1024),
 * optionally followed by {@code b} or {@code ib}; case and blanks around the unit are ignored. Examples:
 * {@code 12345}, {@code 512k}, {@code 64m}, {@code 64MB}, {@code 1.5m} (= 1572864), {@code 1g}.
 *
 * <p>The result must be a whole number of bytes ({@code 0.3k} is rejected) that fits in a {@code long}. Range
 * checks (for example "at least 1") are the caller's.
 */
public final class SizeParser {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    private SizeParser() {
    }

    /**
     * Returns the size in bytes.
     *
     * @throws IllegalArgumentException with a message quoting {@code text} if it is not a valid size
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("size is empty; expected a number of bytes or e.g. 64m, 512k, 1g");
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; expected a number of bytes or e.g. "
                    + "64m, 512k, 1.5g");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier(m.group(2))));
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes (" + bytes + ")");
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return bytes.longValueExact();
    }

    private static long multiplier(String unit) {
        return switch (unit) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1L;
        };
    }
}
