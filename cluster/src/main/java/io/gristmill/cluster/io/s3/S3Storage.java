package io.gristmill.cluster.io.s3;

import io.gristmill.cluster.io.Storage;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link Storage} over S3 ({@code s3://bucket/key} paths): sizes from HEAD, reads through ranged GETs, writes as
 * multipart uploads, copies on the server. Blocking: task and worker threads only, never an event loop.
 * Thread-safe (the SDK client is).
 */
public final class S3Storage implements Storage, AutoCloseable {
    private final S3Client client;
    private final S3Settings settings;
    private final int partSize;
    private final long readChunk;

    public S3Storage(S3Settings settings) {
        this(settings, S3MultipartOutputStream.PART_SIZE, S3RangeInputStream.CHUNK);
    }

    /** With other part and read sizes, so that tests reach several parts and chunks with little data. */
    public S3Storage(S3Settings settings, int partSize, long readChunk) {
        this(settings, S3Clients.build(Objects.requireNonNull(settings, "settings")), partSize, readChunk);
    }

    private S3Storage(S3Settings settings, S3Client client, int partSize, long readChunk) {
        this.settings = settings;
        if (partSize < 1 || readChunk < 1) {
            throw new IllegalArgumentException("partSize and readChunk must be positive");
        }
        this.client = client;
        this.partSize = partSize;
        this.readChunk = readChunk;
    }

    /**
     * A storage for the checks a REST request waits for (listing input and reserving output at submission): each
     * call gives up after two attempts and 25 s, where the SDK's defaults would wait minutes for a silent endpoint.
     * Not for uploads or commits, whose calls may rightly take longer.
     */
    public static S3Storage forChecks(S3Settings settings) {
        return bounded(settings, S3Clients.CHECK_ATTEMPT_TIMEOUT, S3Clients.CHECK_CALL_TIMEOUT,
                S3Clients.CHECK_ATTEMPTS);
    }

    /** {@link #forChecks} with other limits, so that a test does not wait the real ones out. */
    static S3Storage bounded(S3Settings settings, Duration attemptTimeout, Duration callTimeout, int attempts) {
        return new S3Storage(settings, S3Clients.buildBounded(settings, attemptTimeout, callTimeout, attempts),
                S3MultipartOutputStream.PART_SIZE, S3RangeInputStream.CHUNK);
    }

    public S3Client client() {
        return client;
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public long size(String path) throws IOException {
        return head(S3Location.parse(path)).contentLength();
    }

    @Override
    public InputStream openRead(String path, long offset) throws IOException {
        S3Location location = S3Location.parse(path);
        HeadObjectResponse head = head(location);
        if (offset < 0 || offset > head.contentLength()) {
            throw new IOException("offset " + offset + " is outside " + location + " (" + head.contentLength()
                    + " bytes)");
        }
        return new S3RangeInputStream(client, settings, location, head.contentLength(), head.eTag(), offset, readChunk);
    }

    /** A new object, visible once the stream is closed (the upload is completed then). */
    @Override
    public OutputStream create(String path) throws IOException {
        S3Location location = S3Location.parse(path);
        S3MultipartOutputStream upload = startUpload(location, "gristmill");
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                upload.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                upload.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                upload.close();
                complete(upload.pending());
            }
        };
    }

    /** Starts a multipart upload of {@code location} that stays pending when closed (see {@link PendingUpload}). */
    public S3MultipartOutputStream startUpload(S3Location location, String attempt) throws IOException {
        return S3MultipartOutputStream.start(client, settings, location, attempt, partSize);
    }

    /** Completes a pending upload: its object appears, whole, at once. */
    public void complete(PendingUpload upload) throws IOException {
        try {
            client.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(upload.bucket())
                    .key(upload.key()).uploadId(upload.uploadId())
                    .multipartUpload(m -> m.parts(upload.completedParts())).build());
        } catch (SdkException e) {
            throw S3Errors.describe(e, "completing the upload by " + upload.attempt() + " of", upload.location(),
                    settings);
        }
    }

    /** S3's limit for one CopyObject; larger objects are copied in parts. */
    static final long MAX_SINGLE_COPY = 5L << 30;
    /** The part size of a multipart copy: 1 GiB, so that even S3's largest object (5 TiB) needs 5,120 parts. */
    static final long COPY_PART = 1L << 30;

    /**
     * Copies an object of {@code size} bytes to {@code to}, on the server (no bytes pass through this process): one
     * CopyObject up to 5 GiB, a multipart copy beyond (UploadPartCopy), which makes the copy appear whole at once.
     * Object stores cannot rename; this is half of a move.
     */
    public void copy(S3Location from, S3Location to, long size) throws IOException {
        copy(from, to, size, MAX_SINGLE_COPY, COPY_PART);
    }

    /** {@link #copy(S3Location, S3Location, long)} with another threshold and part size, for tests. */
    void copy(S3Location from, S3Location to, long size, long maxSingleCopy, long partSize) throws IOException {
        if (size <= maxSingleCopy) {
            try {
                client.copyObject(b -> b.sourceBucket(from.bucket()).sourceKey(from.key())
                        .destinationBucket(to.bucket()).destinationKey(to.key()));
            } catch (SdkException e) {
                throw S3Errors.describe(e, "copying " + from + " to", to, settings);
            }
            return;
        }
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(b -> b.bucket(to.bucket()).key(to.key())).uploadId();
        } catch (SdkException e) {
            throw S3Errors.describe(e, "starting a copy of " + from + " to", to, settings);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += partSize) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(size, start + partSize) - 1);
                String etag = client.uploadPartCopy(b -> b.sourceBucket(from.bucket()).sourceKey(from.key())
                        .destinationBucket(to.bucket()).destinationKey(to.key()).uploadId(uploadId)
                        .partNumber(number).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            S3MultipartOutputStream.abort(client, to, uploadId);
            throw S3Errors.describe(e, "copying " + from + " in parts to", to, settings);
        }
    }

    /** The object's metadata; fails naming it when it does not exist or cannot be reached. */
    public HeadObjectResponse head(S3Location location) throws IOException {
        try {
            return client.headObject(b -> b.bucket(location.bucket()).key(location.key()));
        } catch (SdkException e) {
            throw S3Errors.describe(e, "reading the size of", location, settings);
        }
    }

    /** Whether an object exists at exactly {@code location}. */
    public boolean exists(S3Location location) throws IOException {
        try {
            client.headObject(b -> b.bucket(location.bucket()).key(location.key()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return false;
            }
            throw S3Errors.describe(e, "looking for", location, settings);
        } catch (SdkException e) {
            throw S3Errors.describe(e, "looking for", location, settings);
        }
    }

    static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    @Override
    public void close() {
        client.close();
    }
}
