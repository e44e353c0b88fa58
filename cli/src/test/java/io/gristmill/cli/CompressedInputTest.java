package io.gristmill.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gristmill local} as a user runs it, over a folder of compressed books. */
class CompressedInputTest {
    @TempDir
    Path dir;

    @Test
    void wordCountOverGzippedBooks_equalsWordCountOverThePlainBooks() throws Exception {
        Path books = Files.createDirectory(dir.resolve("books"));
        for (Path book : Outputs.gutenbergFiles()) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(books.resolve(book.getFileName() + ".gz")))) {
                Files.copy(book, out);
            }
        }
        Path output = dir.resolve("out");

        Process local = runLocal("--input", books.toString(), "--output", output.toString(), "--split-size", "64k");

        assertEquals(0, local.exitValue(), Files.readString(dir.resolve("local.log")));
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(output));
    }

    /** Runs {@code gristmill local ARGS} in a JVM of its own and waits for it to exit. */
    private Process runLocal(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("local", "--workers", "2"));
        command.addAll(List.of(args));
        Process process = new ProcessCluster(dir).launchOn(List.of(), "local", List.of(), command);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gristmill local did not end within 2 minutes");
        return process;
    }
}
