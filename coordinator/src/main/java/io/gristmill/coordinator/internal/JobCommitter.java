package io.gristmill.coordinator.internal;

import io.gristmill.cluster.FaultInjection;
import io.gristmill.cluster.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The file side of the commit protocol (DESIGN.md steps 7–8). Blocking: run on a worker thread.
 *
 * <p>Each attempt writes one file in {@code <output>/_temporary/} ({@code part-m-00012.m-00012-1}); the one granted
 * attempt per task renames it to {@code _temporary/committed/<task>}. At job end, {@link #commitJob} moves every
 * committed file into {@code <output>} as {@code part-<task>} (plus the output codec's extension), writes {@code _SUCCESS} and removes
 * {@code _temporary}.
 */
public final class JobCommitter {
    public static final String TEMPORARY = "_temporary";
    public static final String COMMITTED = "committed";
    public static final String SUCCESS_MARKER = "_SUCCESS";
    /** A committed task's file becomes {@code part-<task id>}: {@code part-m-00012}, {@code part-r-00003}. */
    private static final String PART_PREFIX = "part-";

    private JobCommitter() {
    }

    /** Creates {@code _temporary/committed} up front, so that no attempt has to on its way to commit. */
    static void prepare(Path output) throws IOException {
        Files.createDirectories(output.resolve(TEMPORARY).resolve(COMMITTED));
    }

    /** Where the granted attempt of task {@code taskId} puts its file. */
    public static Path committed(Path output, String taskId) {
        return output.resolve(TEMPORARY).resolve(COMMITTED).resolve(taskId);
    }

    /**
     * Moves the committed file of every task in {@code committingTasks} (the reduces, or the maps of a map-only job)
     * into place, removes {@code _temporary}, and writes {@code _SUCCESS} last: once a
     * reader sees {@code _SUCCESS}, the job has nothing left to do in the folder (a reader that then removes the
     * output cannot race with the cleanup and turn a complete job into a failed one).
     */
    public static void commitJob(Path output, List<String> committingTasks) throws IOException {
        commitJob(output, committingTasks, "");
    }

    /** As {@link #commitJob(Path, List)}, naming part files {@code part-<task><extension>} ({@code .gz}, {@code .zst}). */
    public static void commitJob(Path output, List<String> committingTasks, String extension) throws IOException {
        if (Files.exists(output.resolve(SUCCESS_MARKER))) {
            return; // committed by an earlier coordinator term that stopped before recording it
        }
        Path committed = output.resolve(TEMPORARY).resolve(COMMITTED);
        // by name, not by listing the folder: a shared file system's cached listing may lack a file renamed moments
        // ago, and a missing part must fail the job rather than leave a complete-looking output without it
        for (String task : committingTasks) {
            Path file = committed.resolve(task);
            Path part = output.resolve(PART_PREFIX + task + extension);
            if (Files.exists(file)) {
                Files.move(file, part, StandardCopyOption.REPLACE_EXISTING);
                holdForTests(output);
            } else if (!Files.exists(part)) { // moved already by a job commit an earlier term began
                throw new IOException("the committed output of task " + task + " is missing: " + file);
            }
        }
        FileTrees.deleteRecursively(output.resolve(TEMPORARY));
        if (!Files.exists(output.resolve(SUCCESS_MARKER))) {
            Files.createFile(output.resolve(SUCCESS_MARKER));
        }
    }

    /** A process test's hold inside the job commit, after a part moved ({@link FaultInjection}); nothing in production. */
    private static void holdForTests(Path output) throws IOException {
        try {
            FaultInjection.hold(FaultInjection.HOLD_IN_JOB_COMMIT, "the job commit of " + output, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted in the job commit of " + output);
        }
    }

    /** Removes everything a failed or killed job created: its whole reserved output folder. */
    public static void abortJob(Path output) throws IOException {
        FileTrees.deleteRecursively(output);
    }
}
