package io.gristmill.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The job's input: M one-line files in one folder, so that the coordinator's real listing and splitting make
 * exactly M splits (a file smaller than the split size is one split) and M map tasks. Created once and reused: a
 * {@code _complete} marker (names starting with {@code _} are not listed as input) records that the folder is whole.
 */
final class InputFiles {
    private InputFiles() {
    }

    /** The folder of {@code count} files under {@code base}, created if missing; prints how long creating took. */
    static Path ensure(Path base, int count) throws IOException {
        Path dir = base.resolve("sim-input-" + count);
        Path marker = dir.resolve("_complete");
        if (Files.exists(marker)) {
            return dir;
        }
        Files.createDirectories(dir);
        long start = System.nanoTime();
        byte[] line = "x\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            Files.write(dir.resolve(String.format("in-%07d.txt", i)), line);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.writeString(marker, "created " + count + " files in " + String.format("%.1f", seconds) + " s\n");
        System.err.printf("simulator: created %,d input files in %s in %.1f s%n", count, dir, seconds);
        return dir;
    }
}
