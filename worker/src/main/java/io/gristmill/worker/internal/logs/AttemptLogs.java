package io.gristmill.worker.internal.logs;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Routes what a task thread prints or logs to the log of the attempt it runs (DESIGN.md "Surfaces": by thread).
 * {@link #installProcessWide()} replaces {@code System.out} and {@code System.err} once per process with streams
 * that write to the current thread's attempt log when it has one and to the original stream otherwise, and, when
 * the process logs through Logback, adds a filter that copies SLF4J events of such threads (INFO and above,
 * whatever the configured levels) into the attempt log. Attempt logs live in {@code <workDir>/logs/<jobId>/<attemptId>.log};
 * attempts that printed nothing have only their framework lines, in the job's {@link #journal}.
 */
public final class AttemptLogs {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ThreadLocal<AttemptLog> CURRENT = new ThreadLocal<>();
    private static final String JOURNAL = "_attempts.log";
    private static boolean installed;

    private AttemptLogs() {
    }

    /** Where the logs of a worker with work dir {@code workDir} live. */
    public static Path root(Path workDir) {
        return workDir.resolve("logs");
    }

    /** The log file of one attempt; ids must be plain ids (letters, digits, '.', '_', '-'). */
    public static Path file(Path root, String jobId, String attemptId) {
        if (!isId(jobId) || !isId(attemptId)) {
            throw new IllegalArgumentException("not a valid job or attempt id: " + jobId + " / " + attemptId);
        }
        return root.resolve(jobId).resolve(attemptId + ".log");
    }

    /**
     * The job's journal on this worker: the framework lines of its attempts that printed nothing and so have no file
     * of their own. Its name cannot be an attempt log's ({@link #isId} ids start with a letter or digit).
     */
    public static Path journal(Path root, String jobId) {
        if (!isId(jobId)) {
            throw new IllegalArgumentException("not a valid job id: " + jobId);
        }
        return root.resolve(jobId).resolve(JOURNAL);
    }

    static void appendToJournal(Path journal, byte[] lines) throws IOException {
        // one append of a few lines: atomic on a local file system, so concurrent attempts do not interleave
        try (FileChannel channel = openForAppend(journal)) {
            ByteBuffer buffer = ByteBuffer.wrap(lines);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Opens a file to append to, creating it and (only if missing, not on every append) its folder. */
    private static FileChannel openForAppend(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (java.nio.file.NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
    }

    /**
     * The log of one attempt on this worker: its file, or else its lines in the job's journal; null if this worker
     * has neither. Blocking.
     */
    public static byte[] read(Path root, String jobId, String attemptId) throws IOException {
        Path file = file(root, jobId, attemptId);
        if (Files.isRegularFile(file)) {
            return Files.readAllBytes(file);
        }
        Path journal = journal(root, jobId);
        if (!Files.isRegularFile(journal)) {
            return null;
        }
        String marker = " - attempt " + attemptId + " ";
        StringBuilder lines = new StringBuilder();
        try (java.util.stream.Stream<String> all = Files.lines(journal, StandardCharsets.UTF_8)) {
            all.filter(line -> line.contains(marker)).forEach(line -> lines.append(line).append('\n'));
        }
        return lines.length() == 0 ? null : lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static boolean isId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    /** The attempt log of the calling thread, or null. */
    public static AttemptLog current() {
        return CURRENT.get();
    }

    /** Makes {@code log} the calling thread's attempt log until the returned scope is closed. */
    public static Scope bind(AttemptLog log) {
        AttemptLog previous = CURRENT.get();
        CURRENT.set(log);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Ends a {@link #bind}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Installs the routing of {@code System.out}, {@code System.err} and SLF4J; later calls do nothing. */
    public static synchronized void installProcessWide() {
        if (installed) {
            return;
        }
        installed = true;
        Charset charset = Charset.defaultCharset();
        System.setOut(new PrintStream(new Routing(System.out), true, charset));
        System.setErr(new PrintStream(new Routing(System.err), true, charset));
        if ("ch.qos.logback.classic.LoggerContext".equals(LoggerFactory.getILoggerFactory().getClass().getName())) {
            LogbackRouting.install(LoggerFactory.getILoggerFactory());
        }
    }

    /** Writes to the current thread's attempt log, else to the original stream. */
    private static final class Routing extends OutputStream {
        private final PrintStream original;

        Routing(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            AttemptLog log = CURRENT.get();
            if (log != null) {
                log.write(bytes, offset, length);
            } else {
                original.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() {
            if (CURRENT.get() == null) {
                original.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // System.out is never really closed
        }
    }
}
