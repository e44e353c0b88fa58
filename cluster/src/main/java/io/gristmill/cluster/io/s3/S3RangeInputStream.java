package io.gristmill.cluster.io.s3;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object's bytes from an offset to its end, read through ranged GETs of {@link #CHUNK} bytes each: a split
 * fetches about its own range (plus the chunk that finishes its last record), never the rest of the object, and a
 * connection that breaks costs one chunk, which is fetched again from where reading stopped. Every GET asks for the
 * ETag seen when the stream was opened, so an object replaced mid-read fails the task instead of mixing versions.
 * Blocking, one thread.
 */
final class S3RangeInputStream extends InputStream {
    static final long CHUNK = 8L << 20;
    private static final int RETRIES = 3;

    private final S3Client client;
    private final S3Settings settings;
    private final S3Location location;
    private final long size;
    private final String etag;
    private final long chunk;
    private long position;
    private long chunkEnd; // exclusive end of the range the current response holds
    private ResponseInputStream<GetObjectResponse> current;

    S3RangeInputStream(S3Client client, S3Settings settings, S3Location location, long size, String etag,
                       long offset, long chunk) {
        this.client = client;
        this.settings = settings;
        this.location = location;
        this.size = size;
        this.etag = etag;
        this.chunk = chunk;
        this.position = offset;
        this.chunkEnd = offset;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        for (int failures = 0; ; ) {
            if (position >= size) {
                return -1;
            }
            try {
                if (current == null || position >= chunkEnd) {
                    openChunk();
                }
                int n = current.read(b, off, (int) Math.min(len, chunkEnd - position));
                if (n < 0) {
                    throw new IOException("the response ended at byte " + position + " before the range did");
                }
                position += n;
                return n;
            } catch (RequestFailed e) {
                throw e; // S3 answered (refused, gone, changed): asking again gets the same answer
            } catch (IOException e) {
                closeCurrent();
                if (++failures > RETRIES) {
                    throw new IOException("reading " + location + " at byte " + position + " failed: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = Math.max(0, Math.min(n, size - position));
        if (skipped > 0) {
            if (current != null && position + skipped >= chunkEnd) {
                closeCurrent();
            } else if (current != null) {
                current.skipNBytes(skipped);
            }
            position += skipped;
        }
        return skipped;
    }

    @Override
    public void close() {
        closeCurrent();
        position = size;
    }

    private void openChunk() throws IOException {
        closeCurrent();
        long end = Math.min(size, position + chunk);
        try {
            current = client.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(location.key())
                    .range("bytes=" + position + "-" + (end - 1)).ifMatch(etag).build());
            chunkEnd = end;
        } catch (SdkException e) {
            IOException described = S3Errors.describe(e, "reading bytes " + position + "-" + (end - 1) + " of",
                    location, settings);
            throw new RequestFailed(described.getMessage(), e);
        }
    }

    /** A GET that failed after the SDK's own retries. */
    private static final class RequestFailed extends IOException {
        RequestFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Drops the connection instead of draining the rest of the chunk: the reader is done with it. */
    private void closeCurrent() {
        if (current != null) {
            current.abort();
            try {
                current.close();
            } catch (IOException ignored) {
                // aborted
            }
            current = null;
        }
    }
}
