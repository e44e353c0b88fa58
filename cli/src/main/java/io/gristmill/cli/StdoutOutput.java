package io.gristmill.cli;

import io.gristmill.cluster.FileTrees;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code local --output -}: the job writes into a temporary folder, and its part files are then copied to stdout in
 * order (with one reducer, the job's sorted output as one stream), what people want from small local runs.
 */
final class StdoutOutput implements AutoCloseable {
    static final String DASH = "-";

    private final PrintStream stdout;
    private final Path folder;

    StdoutOutput(PrintStream stdout) throws IOException {
        this.stdout = stdout;
        this.folder = Files.createTempDirectory("gristmill-stdout-");
    }

    static boolean isAskedFor(String output) {
        return DASH.equals(output);
    }

    /** Where the job writes: a folder that does not exist yet, as a job's output must be. */
    Path jobOutput() {
        return folder.resolve("output").toAbsolutePath();
    }

    /** Copies the job's {@code part-*} files, in name order, to stdout. */
    void print(Path output) throws IOException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(output)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        for (Path part : parts) {
            Files.copy(part, stdout);
        }
        stdout.flush();
    }

    @Override
    public void close() throws IOException {
        FileTrees.deleteRecursively(folder);
    }
}
