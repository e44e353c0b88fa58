package io.gristmill.coordinator.internal.planning;

import io.gristmill.cluster.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One planning JVM ({@link PlanningMain}) and its folder: {@code output.log} (everything it and the job's code
 * printed) and one sub-folder per planning (request and result). It plans one job at a time; {@link #plan} blocks a
 * runner thread until the job's plan is written or the process is gone. Not thread-safe beyond {@link #destroy},
 * which any thread may call to stop it.
 */
final class PlanningProcess {
    private static final Logger log = LoggerFactory.getLogger(PlanningProcess.class);
    private static final int OUTPUT_TAIL_BYTES = 2048;

    private final Path dir;
    private final Process process;
    private final BufferedReader replies;
    private final OutputStream requests;
    private int plans;
    private String jarKey; // the jar it planned with, once it has planned

    private PlanningProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        this.requests = process.getOutputStream();
    }

    /** Starts a planning JVM with {@code command} plus its folder {@code dir}, which must not exist yet. */
    static PlanningProcess start(List<String> command, Path dir) throws IOException {
        Files.createDirectory(dir);
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        Process process = new ProcessBuilder(cmd)
                .redirectError(dir.resolve(PlanFiles.OUTPUT).toFile())
                .start();
        return new PlanningProcess(dir, process);
    }

    /** What one planning in this process came to. */
    record Outcome(PlanFiles.Outcome result, boolean reusable, String failure) {
    }

    /**
     * Plans {@code request} in this process and waits for its answer. The outcome's {@code result} is null when the
     * process died (or was destroyed) before writing one; {@code failure} then says what it printed.
     */
    Outcome plan(PlanRequest request, String jarKey) throws IOException, InterruptedException {
        this.jarKey = jarKey;
        plans++;
        Path folder = Files.createDirectory(dir.resolve("plan-" + plans));
        long outputFrom = outputLength();
        try {
            PlanFiles.writeRequest(folder.resolve(PlanFiles.REQUEST), request);
            String reply;
            try {
                requests.write((PlanningMain.PLAN + folder + "\n").getBytes(StandardCharsets.US_ASCII));
                requests.flush();
                reply = awaitReply();
            } catch (IOException e) { // the process is gone: its pipes are closed
                reply = null;
            }
            PlanFiles.Outcome result = PlanFiles.readOutcome(folder.resolve(PlanFiles.RESULT));
            if (result != null && reply != null) {
                return new Outcome(result, PlanningMain.DONE_REUSABLE.equals(reply), null);
            }
            int status = process.waitFor();
            return new Outcome(null, false, "the planning process exited with status " + status
                    + " before it finished (did the job's code call System.exit, or run out of memory?);"
                    + " its last output: " + outputTail(outputFrom));
        } finally {
            try {
                FileTrees.deleteRecursively(folder);
            } catch (IOException e) { // the process was destroyed, folder and all, meanwhile
                log.debug("could not remove {}: {}", folder, e.toString());
            }
        }
    }

    /** The next protocol line; other lines on standard output (the JVM's own log, e.g. CDS warnings) are logged. */
    private String awaitReply() throws IOException {
        String line;
        while ((line = replies.readLine()) != null && !line.startsWith("done ")) {
            log.debug("planning process {} printed: {}", process.pid(), line);
        }
        return line;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** How many jobs it has planned. */
    int plans() {
        return plans;
    }

    /** The key of the jar it planned with, null while fresh. */
    String jarKey() {
        return jarKey;
    }

    /** Kills the process and what the job's code may have started, waits for it, and removes its folder. */
    void destroy() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get();
        } catch (Exception e) {
            // gone or going; the folder is removed either way
        }
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            log.debug("could not remove {}: {}", dir, e.toString());
        }
    }

    /** The exit status and last output of a process that died while idle, for the log. */
    String describeExit() {
        return "exit status " + process.exitValue() + ": " + outputTail(0);
    }

    private long outputLength() {
        try {
            return Files.size(dir.resolve(PlanFiles.OUTPUT));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last lines printed since {@code from}, for error messages. */
    private String outputTail(long from) {
        Path output = dir.resolve(PlanFiles.OUTPUT);
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(from, length - OUTPUT_TAIL_BYTES);
            byte[] bytes = new byte[(int) Math.max(0, length - start)];
            file.seek(start);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(it printed nothing)" : (start > from ? "..." : "") + text;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
