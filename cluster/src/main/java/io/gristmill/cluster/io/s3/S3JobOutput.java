package io.gristmill.cluster.io.s3;

import io.gristmill.cluster.io.JobOutput;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's output below {@code s3://bucket/prefix}, committed without renaming anything (docs/s3.md):
 * <ul>
 *   <li>{@link #reserve}: the bucket must exist and nothing may lie below the prefix; then a marker
 *       {@code _temporary/_reserved} is stored with {@code If-None-Match: *}, so two jobs racing for one prefix do
 *       not both get it where the server honours conditional writes;</li>
 *   <li>each task's granted attempt stores its pending upload's manifest at {@code _temporary/committed/<task>}
 *       ({@link S3AttemptOutput});</li>
 *   <li>{@link #commit}: completes every committed task's upload (its {@code part-*} appears whole), aborts every
 *       other pending upload below the prefix (attempts that lost or died), removes {@code _temporary/}, and stores
 *       {@code _SUCCESS} last. Repeating it after a coordinator restart is harmless: an upload completed before has
 *       its object in place, which counts as done;</li>
 *   <li>{@link #abort}: aborts every pending upload below the prefix and deletes every object below it.</li>
 * </ul>
 * Blocking: worker threads only. Stateless apart from the S3 client.
 */
public final class S3JobOutput implements JobOutput {
    static final String TEMPORARY = "_temporary";
    static final String SUCCESS = "_SUCCESS";
    private static final String RESERVED = "_reserved";

    private final S3Storage storage;
    private final S3Location output;

    public S3JobOutput(S3Storage storage, S3Location output) {
        this.storage = storage;
        this.output = output;
    }

    S3Location output() {
        return output;
    }

    /** Where the granted attempt of {@code taskId} stores its upload's manifest. */
    S3Location manifest(String taskId) {
        return output.child(TEMPORARY).child("committed").child(taskId);
    }

    @Override
    public String location() {
        return output.toString();
    }

    @Override
    public void reserve() throws IOException {
        if (output.key().isEmpty()) {
            throw new IOException("output " + output + " is a whole bucket; give a prefix below it (s3://"
                    + output.bucket() + "/results)");
        }
        // a listing, not a HEAD of the bucket: a missing bucket or refused credentials come with their error code
        if (!list(output.prefix(), 1).contents().isEmpty()) {
            throw new OutputExistsException("output " + output + " already exists (objects lie below it); give a "
                    + "prefix that holds nothing yet");
        }
        S3Location marker = output.child(TEMPORARY).child(RESERVED);
        try {
            storage.client().putObject(PutObjectRequest.builder().bucket(marker.bucket()).key(marker.key())
                    .ifNoneMatch("*").build(), RequestBody.empty());
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new OutputExistsException("output " + output + " was just reserved by another job");
            }
            throw S3Errors.describe(e, "reserving", output, storage.settings());
        } catch (SdkException e) {
            throw S3Errors.describe(e, "reserving", output, storage.settings());
        }
    }

    @Override
    public boolean isCommitted(String taskId) throws IOException {
        return storage.exists(manifest(taskId));
    }

    @Override
    public void commit(List<String> tasks, String extension) throws IOException {
        if (succeeded()) {
            return; // committed by an earlier coordinator term that stopped before recording it
        }
        // by name, not by listing: a missing manifest must fail the job rather than leave an output without a part
        for (String task : tasks) {
            completePart(task, output.child("part-" + task + extension));
        }
        abortPendingUploads();
        deleteBelow(output.child(TEMPORARY).prefix());
        S3Location success = output.child(SUCCESS);
        try {
            storage.client().putObject(b -> b.bucket(success.bucket()).key(success.key()), RequestBody.empty());
        } catch (SdkException e) {
            throw S3Errors.describe(e, "writing", success, storage.settings());
        }
    }

    private void completePart(String task, S3Location part) throws IOException {
        S3Location manifest = manifest(task);
        if (!storage.exists(manifest)) {
            if (storage.exists(part)) {
                return; // completed by a job commit an earlier term began, which then removed the manifests
            }
            throw new IOException("the committed output of task " + task + " is missing: no " + manifest);
        }
        PendingUpload upload = PendingUpload.fromJson(read(manifest), manifest);
        if (!upload.key().equals(part.key()) || !upload.bucket().equals(part.bucket())) {
            throw new IOException("the commit manifest " + manifest + " names " + upload.location()
                    + ", not " + part);
        }
        try {
            storage.complete(upload);
        } catch (IOException e) {
            if (!storage.exists(part)) { // not completed by an earlier term's commit either
                throw e;
            }
        }
    }

    private byte[] read(S3Location location) throws IOException {
        try {
            return storage.client().getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key()))
                    .asByteArray();
        } catch (SdkException e) {
            throw S3Errors.describe(e, "reading", location, storage.settings());
        }
    }

    @Override
    public void abort() throws IOException {
        abortPendingUploads();
        deleteBelow(output.prefix());
    }

    @Override
    public boolean succeeded() throws IOException {
        return storage.exists(output.child(SUCCESS));
    }

    /** Every multipart upload below the prefix still pending: attempts that lost, failed or died. */
    public List<PendingUpload> pendingUploads() throws IOException {
        List<PendingUpload> pending = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        do {
            ListMultipartUploadsResponse page = listUploads(keyMarker, idMarker);
            for (MultipartUpload u : page.uploads()) {
                pending.add(new PendingUpload(output.bucket(), u.key(), u.uploadId(), List.of(), ""));
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = more ? page.nextKeyMarker() : null;
            idMarker = more ? page.nextUploadIdMarker() : null;
        } while (keyMarker != null);
        return pending;
    }

    private void abortPendingUploads() throws IOException {
        for (PendingUpload u : pendingUploads()) {
            S3MultipartOutputStream.abort(storage.client(), u.location(), u.uploadId());
        }
    }

    private ListMultipartUploadsResponse listUploads(String keyMarker, String idMarker) throws IOException {
        try {
            return storage.client().listMultipartUploads(b -> b.bucket(output.bucket()).prefix(output.prefix())
                    .keyMarker(keyMarker).uploadIdMarker(idMarker));
        } catch (SdkException e) {
            throw S3Errors.describe(e, "listing the pending uploads of", output, storage.settings());
        }
    }

    private void deleteBelow(String prefix) throws IOException {
        while (true) {
            List<S3Object> objects = list(prefix, 1000).contents();
            if (objects.isEmpty()) {
                return;
            }
            // one DELETE per object rather than a DeleteObjects batch: the batch needs a checksum header that the
            // SDK now sends as x-amz-checksum-*, which several S3-compatible servers (s3proxy among them) refuse
            for (S3Object object : objects) {
                try {
                    storage.client().deleteObject(b -> b.bucket(output.bucket()).key(object.key()));
                } catch (SdkException e) {
                    throw S3Errors.describe(e, "deleting", new S3Location(output.bucket(), object.key()),
                            storage.settings());
                }
            }
        }
    }

    private ListObjectsV2Response list(String prefix, int max) throws IOException {
        try {
            return storage.client().listObjectsV2(b -> b.bucket(output.bucket()).prefix(prefix).maxKeys(max));
        } catch (SdkException e) {
            throw S3Errors.describe(e, "listing", output, storage.settings());
        }
    }
}
