package io.gristmill.cluster.io.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one object as a multipart upload, a part each time {@link #PART_SIZE} bytes are buffered. {@link #close()}
 * uploads the last part but does <em>not</em> complete the upload: the bytes stay invisible until whoever holds
 * {@link #pending()} completes it (or {@link #abort()} throws them away). Blocking, one thread; holds one part's
 * buffer.
 */
public final class S3MultipartOutputStream extends OutputStream {
    /** S3's smallest part but the last is 5 MiB; 8 MiB keeps the count of requests low at a bounded buffer. */
    static final int PART_SIZE = 8 << 20;

    private final S3Client client;
    private final S3Settings settings;
    private final S3Location location;
    private final String uploadId;
    private final String attempt;
    private final List<String> etags = new ArrayList<>();
    private final byte[] buffer;
    private int filled;
    private long written;
    private boolean closed;

    private S3MultipartOutputStream(S3Client client, S3Settings settings, S3Location location, String uploadId,
                                    String attempt, int partSize) {
        this.client = client;
        this.settings = settings;
        this.location = location;
        this.uploadId = uploadId;
        this.attempt = attempt;
        this.buffer = new byte[partSize];
    }

    /** Starts a multipart upload of {@code location} on behalf of {@code attempt} (named in messages). */
    static S3MultipartOutputStream start(S3Client client, S3Settings settings, S3Location location, String attempt,
                                         int partSize) throws IOException {
        try {
            String id = client.createMultipartUpload(CreateMultipartUploadRequest.builder()
                    .bucket(location.bucket()).key(location.key()).build()).uploadId();
            return new S3MultipartOutputStream(client, settings, location, id, attempt, partSize);
        } catch (SdkException e) {
            throw S3Errors.describe(e, "starting the upload of", location, settings);
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (filled == buffer.length) {
            uploadPart();
        }
        buffer[filled++] = (byte) b;
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (filled == buffer.length) {
                uploadPart();
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            written += n;
        }
    }

    /** Uploads the last part (possibly empty, as the only part of an empty object); the upload stays pending. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            if (filled > 0 || etags.isEmpty()) {
                uploadPart();
            }
            closed = true;
        }
    }

    /** The upload to complete, once closed. */
    public PendingUpload pending() {
        if (!closed) {
            throw new IllegalStateException("the upload of " + location + " is not closed");
        }
        return new PendingUpload(location.bucket(), location.key(), uploadId, etags, attempt);
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    /** Throws the uploaded parts away; best effort (a bucket lifecycle rule removes what this cannot). */
    public void abort() {
        closed = true;
        abort(client, location, uploadId);
    }

    static void abort(S3Client client, S3Location location, String uploadId) {
        try {
            client.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(location.bucket())
                    .key(location.key()).uploadId(uploadId).build());
        } catch (SdkException ignored) {
            // already completed or aborted, or S3 unreachable: the job's cleanup lists pending uploads again
        }
    }

    private void uploadPart() throws IOException {
        int number = etags.size() + 1;
        try {
            String etag = client.uploadPart(UploadPartRequest.builder().bucket(location.bucket()).key(location.key())
                            .uploadId(uploadId).partNumber(number).contentLength((long) filled).build(),
                    RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), filled)).eTag();
            etags.add(etag);
            filled = 0;
        } catch (SdkException e) {
            throw S3Errors.describe(e, "uploading part " + number + " of", location, settings);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the upload of " + location + " is closed");
        }
    }
}
