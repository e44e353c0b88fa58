package io.gristmill.cluster.io.s3;

import java.util.Objects;

/**
 * An {@code s3://bucket/key} location: a bucket and a key, or a key prefix. Immutable.
 *
 * @param bucket the bucket name, never empty
 * @param key    the key or prefix inside the bucket, without a leading {@code /}; empty for the whole bucket
 */
public record S3Location(String bucket, String key) {
    public static final String SCHEME = "s3://";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /** Whether {@code text} names an object-storage location ({@code s3://...}). */
    public static boolean isS3(String text) {
        return text != null && text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * Parses {@code s3://bucket/key}. Trailing slashes of the key are dropped: {@code s3://b/out/} and
     * {@code s3://b/out} are one prefix.
     *
     * @throws IllegalArgumentException naming the text when it is not {@code s3://} or has no bucket
     */
    public static S3Location parse(String text) {
        if (!isS3(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an s3:// location");
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no bucket: write s3://BUCKET/PREFIX");
        }
        while (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        return new S3Location(bucket, key);
    }

    /** The location of {@code name} below this prefix. */
    public S3Location child(String name) {
        return new S3Location(bucket, key.isEmpty() ? name : key + "/" + name);
    }

    /** This key as a prefix for listing: ends in {@code /}, or empty for the whole bucket. */
    public String prefix() {
        return key.isEmpty() ? "" : key + "/";
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
