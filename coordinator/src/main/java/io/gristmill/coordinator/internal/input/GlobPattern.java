package io.gristmill.coordinator.internal.input;

import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * A glob compiled to an RE2J regular expression, so that matching takes time linear in the path's length whatever
 * the glob. The JDK's {@code getPathMatcher("glob:...")} compiles to {@code java.util.regex}, which backtracks: a
 * glob such as {@code *************x} against one long file name does not finish in minutes.
 *
 * <p>The syntax and meaning are those of {@link java.nio.file.FileSystem#getPathMatcher} on Unix, with the same
 * syntax errors:
 * <ul>
 *   <li>{@code *} matches any characters within a name, {@code ?} one character; neither matches {@code /};</li>
 *   <li>{@code **} matches any characters across names; {@code **}{@code /} also matches no folder at all
 *       ({@code **}{@code /*.txt} matches {@code a.txt}), which the JDK does not do;</li>
 *   <li>{@code {a,b}} matches either alternative; groups do not nest;</li>
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [!a-z]} match one character of (or not of) a class, never {@code /};
 *       a leading {@code -} (after the optional {@code !}) is literal, as is a {@code -} just before {@code ]};
 *       a leading {@code ^} is a literal {@code ^}, not a negation; {@code \} inside a class is literal;</li>
 *   <li>{@code \} outside a class makes the next character literal.</li>
 * </ul>
 * Two differences from the JDK, both about names the JDK handles by accident: {@code **} also matches line
 * terminators (the JDK's {@code .*} does not), and a class is read by code point, not by UTF-16 unit.
 *
 * <p>Immutable and thread-safe.
 */
public final class GlobPattern {
    /** Longest glob accepted, in UTF-16 units: a bound on compile time and memory for user-given patterns. */
    public static final int MAX_LENGTH = 1024;

    private final String glob;
    private final Pattern path;
    private final Pattern pathOrDescendant;

    private GlobPattern(String glob, String regex) {
        this.glob = glob;
        this.path = Pattern.compile(regex);
        this.pathOrDescendant = Pattern.compile(regex + "(?:/.*)?");
    }

    /**
     * Compiles {@code glob}.
     *
     * @throws PatternSyntaxException if the glob is invalid or longer than {@link #MAX_LENGTH}; the description says
     *                                why, the index where (or -1)
     */
    public static GlobPattern compile(String glob) {
        if (glob.length() > MAX_LENGTH) {
            throw new PatternSyntaxException("longer than " + MAX_LENGTH + " characters",
                    glob.substring(0, 64) + "...", -1);
        }
        return new GlobPattern(glob, new Translator(glob).translate());
    }

    /** Whether the whole of {@code path} (names separated by {@code /}) matches. */
    public boolean matches(CharSequence path) {
        return this.path.matcher(path).matches();
    }

    /**
     * Whether {@code path} or one of the folders it lies in matches: {@code a/b/c} is tested as {@code a/b/c},
     * {@code a/b} and {@code a}, in one linear pass.
     */
    public boolean matchesPathOrAncestor(CharSequence path) {
        return pathOrDescendant.matcher(path).matches();
    }

    /** The glob as given. */
    public String glob() {
        return glob;
    }

    /** The RE2 syntax the glob compiled to (for tests and debugging). */
    String regex() {
        return path.pattern();
    }

    @Override
    public String toString() {
        return glob;
    }

    /** One pass over the glob, left to right, writing RE2 syntax. */
    private static final class Translator {
        private static final String ANY_IN_NAME = "[^/]*";
        private static final String ANY_ACROSS_NAMES = ".*";
        private static final String ANY_FOLDERS = "(?:.*/)?";

        private final String glob;
        private final StringBuilder regex = new StringBuilder("(?s)");
        private int pos;
        private boolean inGroup;

        Translator(String glob) {
            this.glob = glob;
        }

        String translate() {
            while (pos < glob.length()) {
                int c = next();
                switch (c) {
                    case '\\' -> escaped();
                    case '*' -> stars();
                    case '?' -> regex.append("[^/]");
                    case '[' -> characterClass();
                    case '{' -> openGroup();
                    case '}' -> closeGroup();
                    case ',' -> regex.append(inGroup ? "|" : literal(','));
                    default -> regex.append(literal(c));
                }
            }
            if (inGroup) {
                throw error("Missing '}'", glob.length() - 1);
            }
            return regex.toString();
        }

        private void escaped() {
            if (pos == glob.length()) {
                throw error("No character to escape", pos - 1);
            }
            regex.append(literal(next()));
        }

        /**
         * A run of stars: one is {@code [^/]*}, more are {@code .*}. When the run ends in {@code **}{@code /}, those
         * three characters become "any folders, or none" (what the JDK matcher lacks), the stars before them as
         * usual.
         */
        private void stars() {
            int count = 1;
            while (peek() == '*') {
                pos++;
                count++;
            }
            if (count >= 2 && peek() == '/') {
                pos++;
                appendStars(count - 2);
                regex.append(ANY_FOLDERS);
            } else {
                appendStars(count);
            }
        }

        private void appendStars(int count) {
            if (count == 1) {
                regex.append(ANY_IN_NAME);
            } else if (count > 1) {
                regex.append(ANY_ACROSS_NAMES);
            }
        }

        private void openGroup() {
            if (inGroup) {
                throw error("Cannot nest groups", pos - 1);
            }
            inGroup = true;
            regex.append("(?:");
        }

        private void closeGroup() {
            if (inGroup) {
                inGroup = false;
                regex.append(')');
            } else {
                regex.append(literal('}'));
            }
        }

        /** After the {@code [}: reads up to the {@code ]} with the JDK's rules, then writes an RE2 class. */
        private void characterClass() {
            int start = pos - 1;
            List<int[]> ranges = new ArrayList<>();
            boolean negated = false;
            if (peek() == '^') { // the JDK escapes it: a literal '^', not a negation
                ranges.add(new int[] {'^', '^'});
                pos++;
            } else {
                negated = peek() == '!';
                pos += negated ? 1 : 0;
                if (peek() == '-') {
                    ranges.add(new int[] {'-', '-'});
                    pos++;
                }
            }
            readClassBody(ranges, start);
            regex.append(negated ? "[^/" : "[");
            for (int[] range : ranges) {
                appendRangeWithoutSlash(range[0], range[1]);
            }
            regex.append(']');
        }

        private void readClassBody(List<int[]> ranges, int start) {
            int rangeStart = -1; // the last single character, which a following '-' turns into a range
            while (pos < glob.length()) {
                int c = next();
                if (c == ']') {
                    if (ranges.isEmpty()) {
                        throw error("Empty character class", start);
                    }
                    return;
                }
                if (c == '/') {
                    throw error("Explicit 'name separator' in class", pos - 1);
                }
                if (c != '-') {
                    ranges.add(new int[] {c, c});
                    rangeStart = c;
                    continue;
                }
                if (rangeStart < 0) {
                    throw error("Invalid range", pos - 1);
                }
                if (peek() == ']') { // "a-]": the '-' is literal
                    ranges.add(new int[] {'-', '-'});
                    continue;
                }
                if (pos == glob.length()) {
                    break;
                }
                int end = next();
                if (end < rangeStart) {
                    throw error("Invalid range", pos - 1);
                }
                ranges.get(ranges.size() - 1)[1] = end;
                rangeStart = -1;
            }
            throw error("Missing ']'", glob.length() - 1);
        }

        /** A class never matches '/': a range over it (such as {@code +-0}) is cut in two around it. */
        private void appendRangeWithoutSlash(int from, int to) {
            if (from < '/' && to >= '/') {
                appendRange(from, '/' - 1);
                if (to > '/') {
                    appendRange('/' + 1, to);
                }
            } else {
                appendRange(from, to);
            }
        }

        private void appendRange(int from, int to) {
            regex.append(literal(from));
            if (to != from) {
                regex.append('-').append(literal(to));
            }
        }

        private int next() {
            int c = glob.codePointAt(pos);
            if (c <= Character.MAX_VALUE && Character.isSurrogate((char) c)) {
                throw error("Unpaired surrogate", pos);
            }
            pos += Character.charCount(c);
            return c;
        }

        private int peek() {
            return pos < glob.length() ? glob.charAt(pos) : -1;
        }

        /** Letters and digits as they are; anything else as a hex escape, which RE2 never reads as syntax. */
        private static String literal(int c) {
            return Character.isLetterOrDigit(c) ? Character.toString(c) : "\\x{" + Integer.toHexString(c) + "}";
        }

        private PatternSyntaxException error(String description, int index) {
            return new PatternSyntaxException(description, glob, index);
        }
    }
}
