package io.gristmill.coordinator.internal.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
}
