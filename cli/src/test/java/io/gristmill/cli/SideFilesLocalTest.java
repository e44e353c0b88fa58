package io.gristmill.cli;

import io.gristmill.cli.testjobs.StopWordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code gristmill local --file}: in-process workers read the side file where it lies, through the same API. */
class SideFilesLocalTest {
    @TempDir
    Path dir;

    @Test
    void localWithFile_dropsTheStopWordsAsTheSequentialCountDoes() throws Exception {
        Path jar = TestJars.jarOf(dir, StopWordCount.class);
        Path stopWords = Files.write(dir.resolve("words-to-drop.txt"), List.of("the", "and", "of"));
        Path output = dir.resolve("out");

        int exit = Gristmill.execute("local", "--jar", jar.toString(), "--job", StopWordCount.class.getName(),
                "--input", BundledJobs.sampleInput().toString(), "--output", output.toString(), "--reducers", "2",
                "--file", stopWords + "#stopwords.txt");

        assertEquals(0, exit);
        Map<String, String> expected = new TreeMap<>(Outputs.sequentialWordCount(Outputs.gutenbergFiles()));
        List.of("the", "and", "of").forEach(expected::remove);
        Outputs.assertSameEntries(expected, Outputs.keyValues(output));
    }

    @Test
    void localWithAMissingFile_refusesBeforeStartingAndNamesIt() throws Exception {
        int exit = Gristmill.execute("local", "--input", BundledJobs.sampleInput().toString(),
                "--output", dir.resolve("never").toString(), "--file", dir.resolve("absent.txt").toString());

        assertEquals(2, exit);
        assertFalse(Files.exists(dir.resolve("never")));
    }
}
