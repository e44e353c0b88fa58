package io.gristmill.cluster.io.s3;

import io.gristmill.cluster.io.AttemptOutput;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An attempt's part in S3: a multipart upload straight to the part's final key ({@code <prefix>/part-r-00003}), left
 * pending when written. The granted attempt commits by storing the upload's manifest ({@link PendingUpload}) at
 * {@code <prefix>/_temporary/committed/<task>} — one PUT, which S3 makes visible whole or not at all, and which is
 * conditional ({@code If-None-Match: *}) so a second attempt cannot replace a committed one where the server honours
 * it. Nothing appears under the part's key until the job commit completes the upload. Blocking, one task thread.
 */
public final class S3AttemptOutput implements AttemptOutput {
    private final S3Storage storage;
    private final S3JobOutput job;
    private final String taskId;
    private final String partName;
    private final String attemptId;
    private S3MultipartOutputStream upload;
    private boolean committing;

    /**
     * @param partName the part's name with its codec's extension ({@code part-r-00003.gz})
     */
    public S3AttemptOutput(S3Storage storage, S3Location output, String taskId, String partName, String attemptId) {
        this.storage = storage;
        this.job = new S3JobOutput(storage, output);
        this.taskId = taskId;
        this.partName = partName;
        this.attemptId = attemptId;
    }

    @Override
    public OutputStream open() throws IOException {
        if (upload != null) {
            throw new IllegalStateException("the output of " + attemptId + " is open already");
        }
        upload = storage.startUpload(job.output().child(partName), attemptId);
        return upload;
    }

    @Override
    public void finish() throws IOException {
        if (upload == null) {
            open().close();
        }
        upload.close();
    }

    @Override
    public void commit() throws IOException {
        committing = true;
        S3Location manifest = job.manifest(taskId);
        try {
            storage.client().putObject(PutObjectRequest.builder().bucket(manifest.bucket()).key(manifest.key())
                    .ifNoneMatch("*").build(), RequestBody.fromBytes(upload.pending().toJson()));
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                upload.abort();
                throw new IOException("task " + taskId + " was already committed by another attempt (" + manifest
                        + " exists)", e);
            }
            throw S3Errors.describe(e, "committing " + attemptId + " to", manifest, storage.settings());
        } catch (SdkException e) {
            throw S3Errors.describe(e, "committing " + attemptId + " to", manifest, storage.settings());
        }
    }

    /**
     * Aborts this attempt's upload, unless it tried to commit: a manifest PUT that failed on the way back may still
     * have been stored, and its upload must then stay; the job commit or abort sweeps whatever is left pending.
     */
    @Override
    public void discard() {
        if (upload != null && !committing) {
            upload.abort();
        }
    }
}
