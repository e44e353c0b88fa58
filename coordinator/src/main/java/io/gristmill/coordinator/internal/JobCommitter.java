package io.gristmill.coordinator.internal;

import io.gristmill.cluster.FileTrees;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file side of the commit protocol (DESIGN.md steps 7–8). Blocking: run on a worker thread.
 *
 * <p>Attempts write to {@code <output>/_temporary/<attempt>/}; the one granted attempt per task renames that folder
 * to {@code _temporary/committed/<task>}. At job end, {@link #commitJob} moves every committed file into
 * {@code <output>}, writes {@code _SUCCESS} and removes {@code _temporary}.
 */
public final class JobCommitter {
    public static final String TEMPORARY = "_temporary";
    public static final String COMMITTED = "committed";
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private JobCommitter() {
    }

    /** Creates {@code _temporary/committed} up front, so that no attempt has to on its way to commit. */
    static void prepare(Path output) throws IOException {
        Files.createDirectories(output.resolve(TEMPORARY).resolve(COMMITTED));
    }

    public static Path committedDir(Path output, String taskId) {
        return output.resolve(TEMPORARY).resolve(COMMITTED).resolve(taskId);
    }

    /** Moves committed task files into place, writes {@code _SUCCESS}, removes {@code _temporary}. */
    public static void commitJob(Path output) throws IOException {
        Path committed = output.resolve(TEMPORARY).resolve(COMMITTED);
        for (Path taskDir : sortedChildren(committed)) {
            for (Path file : sortedChildren(taskDir)) {
                Files.move(file, output.resolve(file.getFileName().toString()));
            }
        }
        FileTrees.deleteRecursively(output.resolve(TEMPORARY));
        Files.createFile(output.resolve(SUCCESS_MARKER));
    }

    /** Removes everything a failed or killed job created: its whole reserved output folder. */
    public static void abortJob(Path output) throws IOException {
        FileTrees.deleteRecursively(output);
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return children;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort(null);
        return children;
    }
}
