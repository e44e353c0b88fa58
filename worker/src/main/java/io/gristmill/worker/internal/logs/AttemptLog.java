package io.gristmill.worker.internal.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The log of one attempt: what its task thread writes to {@code System.out}/{@code System.err} and logs through
 * SLF4J while the attempt runs, plus the framework's lines about it. Capped at {@link #MAX_BYTES}: past the cap one
 * note is written and further output is dropped. Thread-safe; writes after {@link #close()} are dropped.
 *
 * <p>The file is created by the first output of the attempt (or a framework line above INFO). An attempt that
 * prints nothing — most attempts — creates no file: its framework lines ("starts", "succeeded") are appended to
 * its job's {@link AttemptLogs#journal journal} when it closes. Creating a file per attempt was the largest cost of
 * a short task.
 */
public final class AttemptLog implements AutoCloseable {
    /** Largest log kept per attempt. */
    public static final long MAX_BYTES = 10L << 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Path file;
    private final Path journal;
    private final long maxBytes;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(256); // framework lines until the file exists
    private FileChannel channel;
    private boolean closed;
    private long written;
    private boolean truncated;

    private AttemptLog(Path file, Path journal, long maxBytes) {
        this.file = file;
        this.journal = journal;
        this.maxBytes = maxBytes;
        this.closed = file == null;
    }

    /** The log of an attempt kept in {@code file}; its framework lines go to {@code journal} if it prints nothing. */
    public static AttemptLog open(Path file, Path journal) {
        return new AttemptLog(file, journal, MAX_BYTES);
    }

    static AttemptLog open(Path file, Path journal, long maxBytes) {
        return new AttemptLog(file, journal, maxBytes);
    }

    /** A log that drops everything: for when the real one cannot be created (the attempt still runs). */
    public static AttemptLog discarding() {
        return new AttemptLog(null, null, 0);
    }

    /** The file, or null for a {@link #discarding()} log. */
    public Path file() {
        return file;
    }

    /** Writes raw bytes (what the attempt printed), creating the file if this is the attempt's first output. */
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (closed || truncated || !fileOpen()) {
            return;
        }
        int allowed = (int) Math.min(length, maxBytes - written);
        try {
            if (allowed > 0) {
                writeFully(ByteBuffer.wrap(bytes, offset, allowed));
                written += allowed;
            }
            if (allowed < length) {
                truncated = true;
                writeFully(ByteBuffer.wrap(("\n[gristmill] log truncated: it reached " + maxBytes
                        + " bytes; later output of this attempt was dropped\n").getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            closeQuietly(); // a full disk must not fail the attempt: its log just ends here
        }
    }

    /**
     * Writes one line {@code HH:mm:ss.SSS LEVEL source - message}. A framework INFO line does not create the file
     * on its own: it waits for the attempt's first output, or goes to the journal.
     */
    public synchronized void line(String level, String source, String message) {
        String text = LocalTime.now().format(TIME) + " " + level + " " + source + " - " + message
                + (message.endsWith("\n") ? "" : "\n");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (channel == null && pending != null && "INFO".equals(level) && "gristmill".equals(source)) {
            pending.write(bytes, 0, bytes.length);
        } else {
            write(bytes, 0, bytes.length);
        }
    }

    /** Opens the file on first use and writes what was pending; false if it cannot be written. */
    private boolean fileOpen() {
        if (channel != null) {
            return true;
        }
        if (pending == null) {
            return false; // it could not be created before
        }
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            written = channel.size();
            byte[] before = pending.toByteArray();
            pending = null;
            writeFully(ByteBuffer.wrap(before));
            written += before.length;
            return true;
        } catch (IOException e) {
            closeQuietly();
            return false;
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Closes the file, or, for an attempt that printed nothing, appends its framework lines to the journal. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (channel == null && pending != null && pending.size() > 0 && journal != null) {
            try {
                AttemptLogs.appendToJournal(journal, pending.toByteArray());
            } catch (IOException ignored) {
                // the attempt's own lines are lost; the attempt's outcome is not
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        closed = true;
        pending = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more will be written anyway
            }
            channel = null;
        }
    }
}
