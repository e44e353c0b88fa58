package io.gristmill.worker.internal.shuffle;

import io.gristmill.worker.internal.data.PartitionInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Streams one partition of several map outputs as one batch response ({@link SegmentFrames}, in the order asked).
 * Vert.x sends a file region zero-copy only as a whole response, so a batch is copied: a worker thread fills a
 * buffer of up to {@value #CHUNK} bytes with frame headers and partition bytes (positional reads, each map's file
 * open only while its partition is read), the event loop writes it, and the next chunk is read only once that
 * write completed, so a response holds one chunk of memory whatever its size. A map output that cannot be read
 * after the head was sent ends the response by closing the connection, which the client sees as a short body.
 */
final class BatchSender {
    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);
    static final int CHUNK = 256 << 10;

    /** One map output's partition to send. */
    record Part(MapOutputRegistry.Output output, PartitionInfo info) {
    }

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final List<Part> parts;
    private final int partition;
    // the read position; touched by one worker thread at a time, handed over through the chunk futures
    private int next;           // the part whose header is next, or the part being read
    private long sentOfPart = -1; // bytes of part `next` read so far; -1: its header is not sent yet
    private FileChannel open;

    BatchSender(Vertx vertx, HttpServerRequest request, List<Part> parts, int partition) {
        this.vertx = vertx;
        this.request = request;
        this.parts = parts;
        this.partition = partition;
    }

    /** Sends the head, then every part; runs on the request's event loop. */
    void start() {
        HttpServerResponse response = request.response();
        response.setChunked(true)
                .putHeader("Content-Type", ShuffleProtocol.BATCH_CONTENT_TYPE)
                .putHeader(ShuffleProtocol.SEGMENTS, Integer.toString(parts.size()));
        sendNext(response);
    }

    private void sendNext(HttpServerResponse response) {
        if (response.closed()) {
            closeOpen();
            return;
        }
        vertx.executeBlocking(this::readChunk, false).compose(chunk -> {
            if (chunk == null) {
                return response.end().map(false);
            }
            return response.write(chunk).map(true);
        }).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                sendNext(response);
            } else if (ar.failed()) {
                fail(response, ar.cause());
            }
        });
    }

    private void fail(HttpServerResponse response, Throwable e) {
        closeOpen();
        String what = next < parts.size() ? parts.get(next).output().toString() : "the end of the batch";
        if (response.closed()) {
            log.debug("the client of partition {} of {} went away: {}", partition, what, e.toString());
            return;
        }
        log.warn("sending partition {} of {} failed: {}", partition, what, e.toString());
        if (!response.headWritten()) {
            response.setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .setChunked(false).end("cannot read " + what);
        } else {
            request.connection().close(); // the client sees a short body and retries what it lacks
        }
    }

    /** The next chunk (blocking reads): headers and data of the next parts; null once everything was read. */
    private Buffer readChunk() throws IOException {
        if (next == parts.size()) {
            return null;
        }
        ByteBuffer room = ByteBuffer.allocate(CHUNK);
        while (next < parts.size() && room.hasRemaining()) {
            Part part = parts.get(next);
            if (sentOfPart < 0) {
                byte[] header = SegmentFrames.header(part.output().attemptId(), part.info());
                if (header.length > room.remaining() && room.position() > 0) {
                    break; // the header goes first in the next chunk
                }
                room.put(header);
                sentOfPart = 0;
            }
            readData(part, room);
            if (sentOfPart == part.info().length()) {
                closeOpen();
                next++;
                sentOfPart = -1;
            }
        }
        return Buffer.buffer(room.position() == CHUNK ? room.array() : Arrays.copyOf(room.array(), room.position()));
    }

    private void readData(Part part, ByteBuffer room) throws IOException {
        long left = part.info().length() - sentOfPart;
        if (left == 0) {
            return;
        }
        if (open == null) {
            open = FileChannel.open(part.output().dataFile(), StandardOpenOption.READ);
        }
        while (left > 0 && room.hasRemaining()) {
            ByteBuffer window = room.slice(room.position(), (int) Math.min(left, room.remaining()));
            int n = open.read(window, part.info().offset() + sentOfPart);
            if (n < 0) {
                throw new IOException(part.output() + " ends before partition " + partition + " does");
            }
            room.position(room.position() + n);
            sentOfPart += n;
            left -= n;
        }
    }

    private void closeOpen() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                log.debug("closing a map output file failed", e);
            }
            open = null;
        }
    }
}
