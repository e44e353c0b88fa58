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

/**
 * Where a pipeline's files live and the file work its end needs. Steps write under {@code <output>/_steps}, a name
 * starting with {@code _} so that listing the pipeline's output as a later job's input skips it. Blocking: call on a
 * worker thread, never the event loop.
 */
final class PipelineFiles {
    static final String STEPS = "_steps";

    private PipelineFiles() {
    }

    /** A step's output folder: {@code <output>/_steps/<step>}, or {@code .../round-<n>} for an iterated step. */
    static Path stepOutput(Path pipelineOutput, String step, boolean iterated, int round) {
        Path dir = pipelineOutput.resolve(STEPS).resolve(step);
        return iterated ? dir.resolve("round-" + round) : dir;
    }

    static boolean succeeded(Path stepOutput) {
        return Files.exists(stepOutput.resolve(JobCommitter.SUCCESS_MARKER));
    }

    /**
     * Makes the last step's output the pipeline's: moves its files into {@code pipelineOutput}, {@code _SUCCESS}
     * last (so a reader that sees it sees every part file), then removes the step outputs not kept. Doing it again
     * after an interruption (a later coordinator term commits again) moves what is left and ends the same way.
     */
    static void promote(Path lastOutput, Path pipelineOutput, Collection<String> removedSteps) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.isDirectory(lastOutput) ? Files.list(lastOutput) : Stream.empty()) {
            files = listed.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(JobCommitter.SUCCESS_MARKER)).sorted().toList();
        }
        for (Path file : files) {
            Files.move(file, pipelineOutput.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        for (String step : removedSteps) {
            FileTrees.deleteRecursively(pipelineOutput.resolve(STEPS).resolve(step));
        }
        // accepting the pipeline reserved its output like a job's, with a _temporary no step writes into
        FileTrees.deleteRecursively(pipelineOutput.resolve(JobCommitter.TEMPORARY));
        Path steps = pipelineOutput.resolve(STEPS);
        try (Stream<Path> left = Files.exists(steps) ? Files.list(steps) : Stream.empty()) {
            if (Files.exists(steps) && left.findAny().isEmpty()) {
                Files.delete(steps);
            }
        }
        if (!Files.exists(pipelineOutput.resolve(JobCommitter.SUCCESS_MARKER))) {
            Files.createFile(pipelineOutput.resolve(JobCommitter.SUCCESS_MARKER));
        }
    }

    /** A failed or killed pipeline leaves nothing: like a job's, its output folder goes. */
    static void removeAll(Path pipelineOutput) throws IOException {
        FileTrees.deleteRecursively(pipelineOutput);
    }

    static void remove(Path stepOutput) throws IOException {
        FileTrees.deleteRecursively(stepOutput);
    }
}
