package io.gristmill.worker.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decompresses on a thread of its own, ahead of the reader, so that a gzip or zstd file — one split, read by one
 * map — takes two cores: one decoding, one running the mapper. Without it the map's thread did both one after the
 * other, and a lone compressed file left the other cores idle for the whole map.
 *
 * <p>The decoding thread fills at most {@code depth} chunks of {@code chunkSize} bytes (reused, so memory stays at
 * {@code depth × chunkSize}) and hands them over in order. What it throws (corrupt or truncated input) reaches the
 * reader at the point in the data where it happened, after every byte decoded before it. The decoding thread alone
 * reads and closes the source — a native decoder must not be closed while another thread is inside it — and it
 * stops when the source ends, fails, or the reader closes this stream.
 */
final class DecodeAheadInputStream extends InputStream {
    private static final Chunk END = new Chunk(new byte[0], -1, null);

    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> empty;
    private final Thread decoder;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    /** A filled buffer, or the end of the data ({@code length} -1), or what decoding threw. */
    private record Chunk(byte[] buffer, int length, Throwable failure) {
    }

    /**
     * @param source what to decode ahead; from now on read and closed by the decoding thread only
     * @param name   the thread's name: which file it decodes
     */
    DecodeAheadInputStream(InputStream source, String name, int chunkSize, int depth) {
        this.filled = new ArrayBlockingQueue<>(depth + 1);
        this.empty = new ArrayBlockingQueue<>(depth);
        for (int i = 0; i < depth; i++) {
            empty.add(new byte[chunkSize]);
        }
        this.decoder = new Thread(() -> decode(source), name);
        decoder.setDaemon(true);
        decoder.start();
    }

    private void decode(InputStream source) {
        try (source) {
            while (!closed) {
                byte[] buffer = empty.take();
                int length = 0;
                try {
                    while (length < buffer.length) {
                        int n = source.read(buffer, length, buffer.length - length);
                        if (n < 0) {
                            break;
                        }
                        length += n;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    // the bytes decoded before the failure first: the reader sees it where it happened
                    if (length > 0) {
                        filled.put(new Chunk(buffer, length, null));
                    }
                    filled.put(new Chunk(null, -1, e)); // room is kept for it: depth chunks at most, plus this
                    return;
                }
                if (length > 0) {
                    filled.put(new Chunk(buffer, length, null));
                }
                if (length < buffer.length) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException | IOException e) {
            // the reader closed the stream (InterruptedException), or closing the source failed after the end
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (!available(current)) {
            if (current == END) {
                return -1;
            }
            if (current != null) {
                empty.add(current.buffer);
            }
            current = next();
            position = 0;
            if (current == END) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current.buffer, position, b, off, n);
        position += n;
        return n;
    }

    private boolean available(Chunk chunk) {
        return chunk != null && chunk != END && position < chunk.length;
    }

    private Chunk next() throws IOException {
        Chunk chunk;
        try {
            chunk = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for decompressed data");
        }
        if (chunk.failure instanceof IOException e) {
            throw e;
        } else if (chunk.failure instanceof RuntimeException e) {
            throw e;
        } else if (chunk.failure instanceof Error e) {
            throw e;
        }
        return chunk;
    }

    @Override
    public void close() {
        closed = true;
        decoder.interrupt();
    }
}
