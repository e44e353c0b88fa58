package io.gristmill.coordinator.internal.input;

import org.junit.jupiter.api.Test;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.PatternSyntaxException;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobPatternTest {
    /** Globs without {@code **}{@code /} (where we deliberately differ), compared with the JDK's matcher. */
    private static final List<String> GLOBS = List.of(
            "*", "*.txt", "a?c", "?", "??", "**", "**.txt", "a/**", "a/*", "*/*", "?/?", "x/*/z", "***",
            "{a,b}.txt", "{,x}y", "{a*,*b}", "{a/b,c}", "{}", "a}", "a,b", "a\\{b\\}", "\\*", "\\[a]", "\\\\",
            "[abc]", "[a-c]x", "[!a-c]", "[-a]", "[!-a]", "[a-]", "[^a]", "[^]", "[\\]", "[[]", "[a&&b]",
            "[+-0]", "[.-0]x", "[!a]*", "[a-c][!b]", "{[ab],c?}", "a.b", "a+b", "(a|b)", "a$", "^a", "é*",
            "\uD83D\uDE00?", "[a-a]");
    private static final List<String> PATHS = List.of(
            "a", "b", "c", "d", "-", "^", "\\", "[", "]", "&", "+", "/", ".", "0", "{", "}", "*", "a.txt", "b.txt",
            "y", "xy", "abc", "ab", "a/b", "a/b/c", "x/y/z", "x/z", "x/a/b/z", "[a]", "a}", "a,b", "a{b}", ".x",
            "0x", "/x", "cx", "ax", "ac", "a+b", "aab", "(a|b)", "a$", "^a", "éa", "\uD83D\uDE00\uD83D\uDE00",
            "\uD83D\uDE00", "a\tb", "ca", "cb");
    /** Invalid for the JDK; must be invalid here too. */
    private static final List<String> INVALID = List.of(
            "[]", "[!]", "[]]", "{a,{b}}", "{a", "[a", "[a-", "[b-a]", "[a-b-c]", "[--a]", "[^-a]", "\\", "a/[/]",
            "[a-\\]", "[a/b]");

    private static boolean jdkMatches(String glob, String path) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(path));
    }

    @Test
    void whenComparedWithTheJdkMatcher_thenEveryGlobMatchesTheSamePaths() {
        for (String glob : GLOBS) {
            GlobPattern pattern = GlobPattern.compile(glob);
            for (String path : PATHS) {
                assertEquals(jdkMatches(glob, path), pattern.matches(path),
                        () -> "glob '" + glob + "' (regex " + pattern.regex() + ") against '" + path + "'");
            }
        }
    }

    @Test
    void whenAGlobIsInvalidForTheJdk_thenItIsInvalidHere() {
        for (String glob : INVALID) {
            assertThrows(PatternSyntaxException.class, () -> jdkMatches(glob, "a"), () -> "JDK accepted " + glob);
            assertThrows(PatternSyntaxException.class, () -> GlobPattern.compile(glob), () -> "accepted " + glob);
        }
    }

    @Test
    void whenGroupsAreNested_thenTheErrorSaysSo() {
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class, () -> GlobPattern.compile("{a,{b}}"));
        assertEquals("Cannot nest groups", e.getDescription());
        assertEquals(3, e.getIndex());
    }

    @Test
    void whenADoubleStarIsFollowedByASlash_thenItAlsoMatchesNoFolder() {
        GlobPattern pattern = GlobPattern.compile("**/*.txt");
        assertAll(
                () -> assertTrue(pattern.matches("a.txt")),
                () -> assertTrue(pattern.matches("x/a.txt")),
                () -> assertTrue(pattern.matches("x/y/a.txt")),
                () -> assertFalse(pattern.matches("x/a.csv")),
                () -> assertTrue(GlobPattern.compile("data/**/part").matches("data/part")),
                () -> assertTrue(GlobPattern.compile("data/**/part").matches("data/x/y/part")),
                () -> assertFalse(GlobPattern.compile("data/**/part").matches("datapart")),
                () -> assertTrue(GlobPattern.compile("{**/a,b}").matches("a")),
                () -> assertFalse(GlobPattern.compile("\\**/a").matches("a")));
    }

    @Test
    void whenASingleStarQuestionMarkOrClassMeetsASlash_thenItDoesNotMatch() {
        assertAll(
                () -> assertFalse(GlobPattern.compile("a*b").matches("a/b")),
                () -> assertFalse(GlobPattern.compile("a?b").matches("a/b")),
                () -> assertFalse(GlobPattern.compile("a[!x]b").matches("a/b")),
                () -> assertFalse(GlobPattern.compile("a[+-0]b").matches("a/b")),
                () -> assertTrue(GlobPattern.compile("a[+-0]b").matches("a.b")),
                () -> assertTrue(GlobPattern.compile("a**b").matches("a/b")));
    }

    @Test
    void whenANameHoldsALineTerminator_thenStarsStillMatchIt() {
        assertTrue(GlobPattern.compile("**").matches("a\nb/c"));
        assertTrue(GlobPattern.compile("*").matches("a\nb"));
        assertTrue(GlobPattern.compile("a?b").matches("a\rb"));
    }

    @Test
    void whenAskedForPathOrAncestor_thenAFolderThatMatchesCoversEverythingBelowIt() {
        GlobPattern pattern = GlobPattern.compile("lo*");
        assertAll(
                () -> assertTrue(pattern.matchesPathOrAncestor("logs")),
                () -> assertTrue(pattern.matchesPathOrAncestor("logs/a.txt")),
                () -> assertTrue(pattern.matchesPathOrAncestor("logs/deep/b.txt")),
                () -> assertFalse(pattern.matchesPathOrAncestor("x/logs/a.txt")),
                () -> assertFalse(pattern.matches("logs/a.txt")),
                () -> assertTrue(GlobPattern.compile("*/b").matchesPathOrAncestor("a/b/c/d")),
                () -> assertFalse(GlobPattern.compile("*/b").matchesPathOrAncestor("a/bc/d")));
    }

    @Test
    void whenPatternsWouldBacktrackCatastrophically_thenMatchingStillTakesMilliseconds() {
        List<String> globs = List.of("*************x", "*a*a*a*a*a*a*a*b", "**a**a**a**a**a**a**b",
                "{*a,*a}*{*a,*a}*{*a,*a}*b", "*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*9", "?*?*?*?*?*?*?*?*?*?*x");
        for (int length : new int[] {60, 1_000, 10_000}) {
            String name = "a".repeat(length);
            for (String glob : globs) {
                GlobPattern pattern = GlobPattern.compile(glob);
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                    assertFalse(pattern.matches(name));
                    assertFalse(pattern.matchesPathOrAncestor(name + "/" + name));
                }, () -> glob + " against " + length + " characters");
            }
        }
    }

    @Test
    void whenTheGlobIsAsLongAsAllowed_thenMatchingAPathAsLongAsLinuxAllowsStillEnds() {
        String glob = "*a".repeat(GlobPattern.MAX_LENGTH / 2);
        GlobPattern pattern = GlobPattern.compile(glob);
        String name = "a".repeat(4_095) + "b"; // PATH_MAX
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFalse(pattern.matches(name)));
    }

    @Test
    void whenTheGlobIsLongerThanAllowed_thenItIsRefused() {
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class,
                () -> GlobPattern.compile("a".repeat(GlobPattern.MAX_LENGTH + 1)));
        assertTrue(e.getDescription().contains(String.valueOf(GlobPattern.MAX_LENGTH)), e.getDescription());
    }

    @Test
    void whenTheGlobHoldsAnUnpairedSurrogate_thenItIsRefused() {
        assertThrows(PatternSyntaxException.class, () -> GlobPattern.compile("a\uD800*"));
        assertThrows(PatternSyntaxException.class, () -> GlobPattern.compile("[\uDC00]"));
    }
}
