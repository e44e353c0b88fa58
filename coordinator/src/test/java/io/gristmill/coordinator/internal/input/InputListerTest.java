package io.gristmill.coordinator.internal.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputListerTest {
    @TempDir
    Path dir;

    private Path file(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "x\n");
    }

    private List<Path> list(String... patterns) throws IOException {
        return InputLister.list(List.of(patterns));
    }

    @Test
    void whenAFileIsGiven_thenItIsListedAbsoluteAndNormalized() throws IOException {
        Path a = file("a.txt");
        assertEquals(List.of(a), list(dir + "/sub/../a.txt"));
    }

    @Test
    void whenAFolderIsGiven_thenItsFilesAreListedRecursivelyAndSorted() throws IOException {
        Path b = file("b.txt");
        Path a = file("a.txt");
        Path nested = file("x/y/z.txt");
        assertEquals(List.of(a, b, nested), list(dir.toString()));
    }

    @Test
    void whenNamesStartWithUnderscoreOrDot_thenTheyAreSkipped() throws IOException {
        Path a = file("a.txt");
        file("_SUCCESS");
        file(".hidden");
        file("_temporary/part-r-00000");
        file(".git/config");
        assertEquals(List.of(a), list(dir.toString(), dir + "/*"));
    }

    @Test
    void whenAnUnderscoreFileIsNamedExplicitly_thenItIsListed() throws IOException {
        Path success = file("_SUCCESS");
        assertEquals(List.of(success), list(success.toString()));
    }

    @Test
    void whenASingleStarGlobIsGiven_thenOnlyMatchingFilesOfThatFolderAreListed() throws IOException {
        Path a = file("a.txt");
        file("b.csv");
        file("sub/c.txt");
        assertEquals(List.of(a), list(dir + "/*.txt"));
    }

    @Test
    void whenADoubleStarGlobIsGiven_thenMatchingFilesAtAnyDepthAreListed() throws IOException {
        Path a = file("a.txt");
        Path c = file("sub/c.txt");
        Path d = file("sub/deeper/d.txt");
        file("sub/e.csv");
        assertEquals(List.of(a, c, d), list(dir + "/**/*.txt"));
    }

    @Test
    void whenAGlobIsInAMiddleSegment_thenTheFixedPrefixIsWalked() throws IOException {
        Path one = file("day1/part.txt");
        Path two = file("day2/part.txt");
        file("night1/part.txt");
        assertEquals(List.of(one, two), list(dir + "/day?/part.txt"));
    }

    @Test
    void whenBracesAndBracketsAreUsed_thenTheyMatchLikeGlobs() throws IOException {
        Path a = file("a.txt");
        Path b = file("b.log");
        Path c1 = file("c1.txt");
        file("c9.txt");
        assertEquals(List.of(a, b), list(dir + "/{a.txt,b.log}"));
        assertEquals(List.of(c1), list(dir + "/c[0-5].txt"));
    }

    @Test
    void whenAGlobMatchesAFolder_thenAllItsFilesAreListed() throws IOException {
        Path a = file("logs/a.txt");
        Path b = file("logs/deep/b.txt");
        assertEquals(List.of(a, b), list(dir + "/lo*"));
    }

    @Test
    void whenPatternsOverlap_thenEachFileIsListedOnce() throws IOException {
        Path a = file("a.txt");
        assertEquals(List.of(a), list(dir.toString(), a.toString(), dir + "/*.txt"));
    }

    @Test
    void whenAPatternMatchesNothing_thenTheErrorNamesThePattern() throws IOException {
        file("a.txt");
        String missing = dir + "/nope/*.txt";
        InputNotFoundException e = assertThrows(InputNotFoundException.class, () -> list(dir.toString(), missing));
        assertEquals(missing, e.pattern());
        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    @Test
    void whenAFileDoesNotExist_thenInputNotFoundIsThrown() {
        assertThrows(InputNotFoundException.class, () -> list(dir + "/missing.txt"));
    }

    @Test
    void whenAFolderHoldsOnlySkippedFiles_thenInputNotFoundIsThrown() throws IOException {
        file("_SUCCESS");
        assertThrows(InputNotFoundException.class, () -> list(dir.toString()));
    }

    @Test
    void whenAGlobIsInvalid_thenTheErrorNamesThePattern() {
        String bad = dir + "/{a,b";
        InputPatternException e = assertThrows(InputPatternException.class, () -> list(bad));
        assertTrue(e.getMessage().contains(bad), e.getMessage());
    }

    @Test
    void whenNoPatternIsGiven_thenInputNotFoundIsThrown() {
        assertThrows(InputNotFoundException.class, () -> InputLister.list(List.of()));
    }

    @Test
    void whenTwoStarsAndASlashComeFirst_thenFilesInTheFixedFolderItselfAreListedToo() throws IOException {
        Path a = file("data/a.txt");
        Path b = file("data/x/b.txt");
        assertEquals(List.of(a, b), list(dir + "/data/**/*.txt"));
        assertEquals(List.of(a, b), list(dir + "/data/{**/a.txt,**/b.txt}"));
    }

    @Test
    void whenAGlobWouldBacktrackCatastrophically_thenListingStillAnswersQuickly() throws IOException {
        Path longName = file("a".repeat(60) + "x");
        file("a".repeat(200));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(List.of(longName), list(dir + "/*************x"));
            assertThrows(InputNotFoundException.class, () -> list(dir + "/*a*a*a*a*a*a*a*a*a*a*a*a*b"));
        });
    }

    @Test
    void whenGroupsAreNested_thenTheErrorNamesThePatternAndSaysWhy() {
        String nested = dir + "/{a,{b,c}}";
        InputPatternException e = assertThrows(InputPatternException.class, () -> list(nested));
        assertEquals(nested, e.pattern());
        assertTrue(e.getMessage().contains(nested) && e.getMessage().contains("nest"), e.getMessage());
    }

    @Test
    void whenAPatternIsLongerThanAllowed_thenItIsRefusedWithoutQuotingAllOfIt() {
        String tooLong = dir + "/" + "a".repeat(GlobPattern.MAX_LENGTH) + "*";
        InputPatternException e = assertThrows(InputPatternException.class, () -> list(tooLong));
        assertFalse(e instanceof InputNotFoundException);
        assertTrue(e.getMessage().contains("longer than " + GlobPattern.MAX_LENGTH), e.getMessage());
        assertTrue(e.getMessage().length() < 500, e.getMessage());
    }

    @Test
    void whenAPatternHoldsANulCharacter_thenItIsAnInvalidPatternNotACrash() {
        for (String bad : List.of(dir + "/a\0b.txt", dir + "/a\0*")) {
            InputPatternException e = assertThrows(InputPatternException.class, () -> list(bad));
            assertFalse(e instanceof InputNotFoundException);
            assertEquals(bad, e.pattern());
            assertTrue(e.getMessage().contains("NUL") && e.getMessage().contains(dir + "/a\\u0000"), e.getMessage());
        }
    }

    @Test
    void whenAPatternHoldsAnUnpairedSurrogate_thenItIsAnInvalidPatternNotACrash() {
        for (String bad : List.of(dir + "/a\uD800.txt", dir + "/*\uDC00", dir + "/\uD800/*")) {
            InputPatternException e = assertThrows(InputPatternException.class, () -> list(bad));
            assertFalse(e instanceof InputNotFoundException);
            assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
        }
    }

    @Test
    void whenListingTakesLongerThanTheTimeLimit_thenItStopsNamingThePatternAndTheLimit() throws IOException {
        for (int i = 0; i < 20; i++) {
            file("day" + i + "/part.txt");
        }
        AtomicLong now = new AtomicLong();
        var oneSecondPerLook = new InputLister.Limits(Duration.ofSeconds(10), 1_000, () -> now.getAndAdd(1_000));
        String pattern = dir + "/**";
        InputPatternException e = assertThrows(InputPatternException.class,
                () -> InputLister.list(List.of(pattern), oneSecondPerLook));
        assertEquals("listing input '" + pattern + "' took longer than 10s; narrow the pattern", e.getMessage());
        assertTrue(now.get() <= 13_000, "kept walking until " + now.get());
    }

    @Test
    void whenTheClockStandsStill_thenAnyListingFinishes() throws IOException {
        for (int i = 0; i < 20; i++) {
            file("day" + i + "/part.txt");
        }
        var frozen = new InputLister.Limits(Duration.ofMillis(1), 1_000, () -> 42);
        assertEquals(20, InputLister.list(List.of(dir + "/**"), frozen).size());
    }

    @Test
    void whenMoreFilesMatchThanAllowed_thenListingStopsNamingTheLimit() throws IOException {
        file("a.txt");
        file("b.txt");
        file("c/d.txt");
        var three = InputLister.Limits.of(Duration.ofSeconds(60), 3);
        var two = InputLister.Limits.of(Duration.ofSeconds(60), 2);
        assertEquals(3, InputLister.list(List.of(dir.toString(), dir + "/*.txt"), three).size());
        InputPatternException e = assertThrows(InputPatternException.class,
                () -> InputLister.list(List.of(dir.toString()), two));
        assertTrue(e.getMessage().contains("more than 2 files"), e.getMessage());
        assertThrows(InputPatternException.class,
                () -> InputLister.list(List.of(dir + "/*.txt", dir + "/c"), two));
    }

    @Test
    void whenRootsAreGivenAndEverythingIsInside_thenListingIsUnchanged() throws IOException {
        Path a = file("data/a.txt");
        Path b = file("data/x/b.txt");
        AllowedRoots roots = AllowedRoots.of(List.of(dir.resolve("data")));
        assertEquals(List.of(a, b),
                InputLister.list(List.of(dir + "/data", dir + "/data/**/*.txt"), InputLister.Limits.defaults(), roots));
    }

    @Test
    void whenAFolderLinkInsideARootLeadsOutside_thenAGlobOrFolderReachingThroughItIsRefusedNamingTheFile()
            throws IOException {
        file("data/a.txt");
        Path secret = file("secret/shadow");
        Files.createSymbolicLink(dir.resolve("data/etc"), dir.resolve("secret"));
        AllowedRoots roots = AllowedRoots.of(List.of(dir.resolve("data")));
        for (String pattern : List.of(dir + "/data", dir + "/data/**", dir + "/data/e*/sh*")) {
            InputPatternException e = assertThrows(InputPatternException.class,
                    () -> InputLister.list(List.of(pattern), InputLister.Limits.defaults(), roots));
            assertFalse(e instanceof InputNotFoundException);
            assertTrue(e.getMessage().contains(dir + "/data/etc/shadow") && e.getMessage().contains(pattern)
                    && e.getMessage().contains("really " + secret.toRealPath()), e.getMessage());
        }
    }

    @Test
    void whenAFileLinkInsideARootLeadsOutside_thenNamingItIsRefused() throws IOException {
        Path secret = file("secret/shadow");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("data")).resolve("s"), secret);
        AllowedRoots roots = AllowedRoots.of(List.of(dir.resolve("data")));
        InputPatternException e = assertThrows(InputPatternException.class,
                () -> InputLister.list(List.of(link.toString()), InputLister.Limits.defaults(), roots));
        assertTrue(e.getMessage().startsWith("input " + link + " (really "), e.getMessage());
        assertThrows(InputPatternException.class,
                () -> InputLister.list(List.of(secret.toString()), InputLister.Limits.defaults(), roots));
    }
}
