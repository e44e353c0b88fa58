package io.gristmill.cluster.io.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;

/**
 * Lists the objects below an {@code s3://bucket/prefix} the way input folders are listed: every object below it,
 * skipping any whose key, below the prefix, has a segment starting with {@code _} or {@code .} (output markers such
 * as {@code _SUCCESS}, {@code _temporary/}, hidden files). An object named exactly by the location is taken as is.
 * Sizes come with the listing: no request per object. Blocking. Stateless.
 */
public final class S3Lister {
    private final S3Storage storage;

    public S3Lister(S3Storage storage) {
        this.storage = storage;
    }

    /** Receives each object listed; may throw to stop the listing (a limit reached). */
    public interface Visitor {
        void object(String path, long size) throws IOException;
    }

    /**
     * Visits the object at {@code location} if there is one, else every object below it.
     *
     * @return how many objects were visited
     * @throws IOException naming the location if the bucket does not exist, access is refused, or S3 is unreachable
     */
    public int list(S3Location location, Visitor visitor) throws IOException {
        if (!location.key().isEmpty()) {
            // keys list in byte order, so an object named exactly comes first among those starting with its name;
            // a listing rather than a HEAD: its size comes with it, and a refusal comes with its error code
            // (HEAD answers carry no body)
            ListObjectsV2Response first = page(location, ListObjectsV2Request.builder().bucket(location.bucket())
                    .prefix(location.key()).maxKeys(1).build());
            if (!first.contents().isEmpty() && first.contents().get(0).key().equals(location.key())) {
                visitor.object(location.toString(), first.contents().get(0).size());
                return 1;
            }
        }
        String prefix = location.prefix();
        int visited = 0;
        String token = null;
        do {
            ListObjectsV2Response page = page(location, ListObjectsV2Request.builder().bucket(location.bucket())
                    .prefix(prefix).continuationToken(token).build());
            for (S3Object object : page.contents()) {
                String relative = object.key().substring(prefix.length());
                if (!relative.isEmpty() && !relative.endsWith("/") && !isSkipped(relative)) {
                    visitor.object(new S3Location(location.bucket(), object.key()).toString(), object.size());
                    visited++;
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return visited;
    }

    /** Whether {@code relative} (a key below the listed prefix) has a segment starting with {@code _} or {@code .}. */
    static boolean isSkipped(String relative) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith("_") || segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private ListObjectsV2Response page(S3Location location, ListObjectsV2Request request) throws IOException {
        try {
            return storage.client().listObjectsV2(request);
        } catch (SdkException e) {
            throw S3Errors.describe(e, "listing", location, storage.settings());
        }
    }
}
