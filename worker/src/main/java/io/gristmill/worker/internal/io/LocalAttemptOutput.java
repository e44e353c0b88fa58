package io.gristmill.worker.internal.io;

import io.gristmill.cluster.io.AttemptOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An attempt's part on the shared file system: a file of its own in {@code _temporary}, which the granted attempt
 * renames to {@code _temporary/committed/<task>} (a rename that fails if the target exists). Blocking, one thread.
 */
public final class LocalAttemptOutput implements AttemptOutput {
    private final Path file;
    private final Path committed;
    private final String taskId;

    /**
     * @param file      where the attempt writes
     * @param committed where the granted attempt's file goes; null for output that is never committed (tests)
     */
    public LocalAttemptOutput(Path file, Path committed, String taskId) {
        this.file = file;
        this.committed = committed;
        this.taskId = taskId;
    }

    /** A plain file that nothing commits, as the data-path tests write. */
    public static LocalAttemptOutput file(Path file) {
        return new LocalAttemptOutput(file, null, null);
    }

    @Override
    public OutputStream open() throws IOException {
        Path dir = file.getParent();
        if (dir != null && !Files.isDirectory(dir)) { // a look first: createDirectories of one that exists throws
            Files.createDirectories(dir);
        }
        return Files.newOutputStream(file);
    }

    @Override
    public void finish() throws IOException {
        if (!Files.exists(file)) { // an output format that wrote nothing: the task's part is empty
            open().close();
        }
    }

    @Override
    public void commit() throws IOException {
        try {
            Files.move(file, committed);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("task " + taskId + " was already committed by another attempt", e);
        }
    }

    @Override
    public void discard() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the job's end removes the rest
        }
    }
}
