package io.gristmill.worker.internal.logs;

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
 * The log file of one attempt: what its task thread writes to {@code System.out}/{@code System.err} and logs through
 * SLF4J while the attempt runs, plus the framework's lines about it. Capped at {@link #MAX_BYTES}: past the cap one
 * note is written and further output is dropped. Thread-safe; writes after {@link #close()} are dropped.
 */
public final class AttemptLog implements AutoCloseable {
    /** Largest log kept per attempt. */
    public static final long MAX_BYTES = 10L << 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Path file;
    private final long maxBytes;
    private FileChannel channel;
    private long written;
    private boolean truncated;

    private AttemptLog(Path file, FileChannel channel, long maxBytes) {
        this.file = file;
        this.channel = channel;
        this.maxBytes = maxBytes;
    }

    /** Creates (or appends to) {@code file}, creating its folder. */
    public static AttemptLog open(Path file) throws IOException {
        return open(file, MAX_BYTES);
    }

    static AttemptLog open(Path file, long maxBytes) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        AttemptLog log = new AttemptLog(file, channel, maxBytes);
        log.written = channel.size();
        return log;
    }

    /** A log that drops everything: for when the real one cannot be created (the attempt still runs). */
    public static AttemptLog discarding() {
        return new AttemptLog(null, null, 0);
    }

    /** The file, or null for a {@link #discarding()} log. */
    public Path file() {
        return file;
    }

    /** Writes raw bytes (what the attempt printed). */
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (channel == null || truncated) {
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

    /** Writes one line {@code HH:mm:ss.SSS LEVEL source - message}. */
    public void line(String level, String source, String message) {
        String text = LocalTime.now().format(TIME) + " " + level + " " + source + " - " + message
                + (message.endsWith("\n") ? "" : "\n");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
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
