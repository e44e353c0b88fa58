package io.gristmill.worker.internal.shuffle;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives a batch response body into one file through a {@link SegmentFrameDecoder}: the checked segments are
 * regions of that file. Runs on the HTTP client's threads; {@link #abort} and {@link #segments} may be called from
 * any thread, and once aborted nothing more is decoded, so the segments read after an abort are final.
 */
final class BatchBodySubscriber implements HttpResponse.BodySubscriber<Void> {
    /** A checked segment: its place in the request and its region of the file. */
    record Received(int index, long offset, long length) {
    }

    private final FileChannel channel;
    private final SegmentFrameDecoder decoder;
    private final List<Received> received = new ArrayList<>();
    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile long lastProgressNanos = System.nanoTime();
    private boolean stopped; // guarded by this

    private BatchBodySubscriber(FileChannel channel, List<String> attemptIds) {
        this.channel = channel;
        this.decoder = new SegmentFrameDecoder(attemptIds, channel,
                (index, offset, length) -> received.add(new Received(index, offset, length)));
    }

    /** Creates (or truncates) {@code file} for the partitions of {@code attemptIds}, asked in this order. */
    static BatchBodySubscriber create(Path file, List<String> attemptIds) throws IOException {
        return new BatchBodySubscriber(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), attemptIds);
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
        synchronized (this) {
            if (stopped) {
                return;
            }
            try {
                for (ByteBuffer b : items) {
                    decoder.feed(b);
                }
            } catch (IOException | RuntimeException e) {
                abort(e);
                return;
            }
        }
        lastProgressNanos = System.nanoTime();
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        abort(t);
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            try {
                decoder.finish();
                stopped = true;
                channel.close();
                result.complete(null);
            } catch (IOException e) {
                abort(e);
            }
        }
    }

    @Override
    public CompletionStage<Void> getBody() {
        return result;
    }

    /** The segments checked and written so far, in request order. */
    synchronized List<Received> segments() {
        return List.copyOf(received);
    }

    /** The map attempt being received: the one a broken body is blamed on. */
    synchronized String current() {
        return decoder.current();
    }

    /** Nanoseconds since the connection last made progress (created, headers, or a body chunk). */
    long idleNanos() {
        return System.nanoTime() - lastProgressNanos;
    }

    /** Stops the download: cancels the body (which closes the connection) and closes the file. Idempotent. */
    void abort(Throwable reason) {
        synchronized (this) {
            stopped = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // the download failed already; the caller keeps or deletes the file
            }
        }
        Flow.Subscription s = subscription;
        if (result.completeExceptionally(reason) && s != null) {
            s.cancel();
        }
    }
}
