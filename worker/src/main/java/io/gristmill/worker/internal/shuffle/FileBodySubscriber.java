package io.gristmill.worker.internal.shuffle;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.zip.CRC32C;

/**
 * Writes a response body to a file through a {@link FileChannel} (opened before the request is sent), computing its
 * CRC32C on the way, so the download is checked without reading the file again. Completes with the byte count.
 * Runs on the HTTP client's threads; {@link #abort} may be called from any thread.
 */
final class FileBodySubscriber implements HttpResponse.BodySubscriber<Long> {
    private final FileChannel channel;
    private volatile long limit;
    private final CRC32C crc = new CRC32C();
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastProgressNanos = System.nanoTime();
    private long received;

    private FileBodySubscriber(FileChannel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Creates (or truncates) {@code file}; a body longer than {@code limit} bytes fails. */
    static FileBodySubscriber create(Path file, long limit) throws IOException {
        return new FileBodySubscriber(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), limit);
    }

    /** Sets the most bytes the body may have (the length the response announced); returns this. */
    FileBodySubscriber limit(long bytes) {
        limit = bytes;
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        lastProgressNanos = System.nanoTime();
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        try {
            ByteBuffer[] buffers = items.toArray(new ByteBuffer[0]);
            long bytes = 0;
            for (ByteBuffer b : buffers) {
                bytes += b.remaining();
                crc.update(b.duplicate());
            }
            received += bytes;
            if (received > limit) {
                throw new IOException("response body longer than the announced " + limit + " bytes");
            }
            while (bytes > 0) {
                bytes -= channel.write(buffers); // one gathering write per chunk list
            }
        } catch (IOException e) {
            abort(e);
            return;
        }
        lastProgressNanos = System.nanoTime();
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        closeChannel();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        try {
            channel.close();
            result.complete(received);
        } catch (IOException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    /** CRC32C of the whole body; valid once the body completed normally. */
    long crc() {
        return crc.getValue();
    }

    /** Nanoseconds since the connection last made progress (created, headers, or a body chunk). */
    long idleNanos() {
        return System.nanoTime() - lastProgressNanos;
    }

    /** Stops the download: cancels the body (which closes the connection) and closes the file. Idempotent. */
    void abort(Throwable reason) {
        Flow.Subscription s = subscription;
        if (result.completeExceptionally(reason) && s != null) {
            s.cancel();
        }
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the download failed already; the caller deletes the file
        }
    }
}
