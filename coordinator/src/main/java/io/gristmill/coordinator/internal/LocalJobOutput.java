package io.gristmill.coordinator.internal;

import io.gristmill.cluster.io.JobOutput;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A job's output folder on the shared file system: the rename-based commit of {@link JobCommitter}. */
final class LocalJobOutput implements JobOutput {
    private final Path folder;

    LocalJobOutput(Path folder) {
        this.folder = folder;
    }

    @Override
    public String location() {
        return folder.toString();
    }

    /** Creates the folder atomically (mkdir), so that two jobs can never write one output. */
    @Override
    public void reserve() throws IOException {
        try {
            Files.createDirectories(folder.getParent());
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException e) {
            throw new OutputExistsException("output folder already exists: " + folder);
        } catch (IOException e) {
            throw new IOException("cannot create output folder " + folder + ": " + e.getMessage(), e);
        }
        JobCommitter.prepare(folder);
    }

    @Override
    public boolean isCommitted(String taskId) {
        return Files.exists(JobCommitter.committed(folder, taskId));
    }

    @Override
    public void commit(List<String> tasks, String extension) throws IOException {
        JobCommitter.commitJob(folder, tasks, extension);
    }

    @Override
    public void abort() throws IOException {
        JobCommitter.abortJob(folder);
    }

    @Override
    public boolean succeeded() {
        return Files.exists(folder.resolve(JobCommitter.SUCCESS_MARKER));
    }
}
