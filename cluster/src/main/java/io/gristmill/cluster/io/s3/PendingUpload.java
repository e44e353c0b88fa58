package io.gristmill.cluster.io.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.util.List;

/**
 * A multipart upload whose parts are all uploaded but which is not completed: nothing is visible under its key until
 * someone completes it. The granted attempt of a task stores this as the task's commit manifest
 * ({@code <output>/_temporary/committed/<task>}); the job commit completes it. Immutable.
 *
 * @param bucket   the bucket
 * @param key      the object key the upload will create ({@code <prefix>/part-r-00003})
 * @param uploadId S3's id of the upload
 * @param etags    the ETag of each part, part 1 first
 * @param attempt  the attempt that wrote it, for messages
 */
public record PendingUpload(String bucket, String key, String uploadId, List<String> etags, String attempt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PendingUpload {
        etags = List.copyOf(etags);
    }

    /** The parts as the SDK's CompleteMultipartUpload wants them. */
    public List<CompletedPart> completedParts() {
        return java.util.stream.IntStream.range(0, etags.size())
                .mapToObj(i -> CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build()).toList();
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a manifest; fails naming {@code where} if it is not one. */
    public static PendingUpload fromJson(byte[] json, Object where) throws IOException {
        try {
            return JSON.readValue(json, PendingUpload.class);
        } catch (IOException e) {
            throw new IOException("commit manifest " + where + " cannot be read: " + e.getMessage(), e);
        }
    }

    public S3Location location() {
        return new S3Location(bucket, key);
    }
}
