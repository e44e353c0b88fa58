package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.cluster.FileTrees;
import io.gristmill.coordinator.internal.JobCommitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** A pipeline's output folder on the shared file system (see {@link PipelineOutput}): the last step's files move. */
final class LocalPipelineOutput implements PipelineOutput {
    private final Path output;

    LocalPipelineOutput(Path output) {
        this.output = output;
    }

    @Override
    public String location() {
        return output.toString();
    }

    @Override
    public String stepOutput(String step, boolean iterated, int round) {
        Path dir = output.resolve(STEPS).resolve(step);
        return (iterated ? dir.resolve("round-" + round) : dir).toString();
    }

    @Override
    public boolean succeeded(String stepOutput) {
        return Files.exists(Path.of(stepOutput).resolve(JobCommitter.SUCCESS_MARKER));
    }

    /**
     * Moves the last step's files into the output folder (atomic renames). Doing it again after an interruption (a
     * later coordinator term commits again) moves what is left and ends the same way.
     */
    @Override
    public void promote(String lastOutput, Collection<String> removedSteps) throws IOException {
        List<Path> files;
        Path last = Path.of(lastOutput);
        try (Stream<Path> listed = Files.isDirectory(last) ? Files.list(last) : Stream.empty()) {
            files = listed.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(JobCommitter.SUCCESS_MARKER)).sorted().toList();
        }
        for (Path file : files) {
            Files.move(file, output.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        for (String step : removedSteps) {
            FileTrees.deleteRecursively(output.resolve(STEPS).resolve(step));
        }
        // accepting the pipeline reserved its output like a job's, with a _temporary no step writes into
        FileTrees.deleteRecursively(output.resolve(JobCommitter.TEMPORARY));
        Path steps = output.resolve(STEPS);
        try (Stream<Path> left = Files.exists(steps) ? Files.list(steps) : Stream.empty()) {
            if (Files.exists(steps) && left.findAny().isEmpty()) {
                Files.delete(steps);
            }
        }
        if (!Files.exists(output.resolve(JobCommitter.SUCCESS_MARKER))) {
            Files.createFile(output.resolve(JobCommitter.SUCCESS_MARKER));
        }
    }

    @Override
    public void removeAll() throws IOException {
        FileTrees.deleteRecursively(output);
    }

    @Override
    public void remove(String stepOutput) throws IOException {
        FileTrees.deleteRecursively(Path.of(stepOutput));
    }
}
