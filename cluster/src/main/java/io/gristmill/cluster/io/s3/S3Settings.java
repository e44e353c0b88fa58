package io.gristmill.cluster.io.s3;

import java.net.URI;

/**
 * How a process reaches S3: the coordinator's and worker's {@code --s3-*} flags. What is not given comes from the
 * AWS SDK's usual places: credentials from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (or
 * {@code AWS_PROFILE} and {@code ~/.aws/credentials}), the region from {@code AWS_REGION} or the profile file, the
 * endpoint from {@code AWS_ENDPOINT_URL_S3}/{@code AWS_ENDPOINT_URL}. Immutable.
 *
 * @param endpoint  the S3 endpoint ({@code http://127.0.0.1:9000} for s3proxy or MinIO); null for AWS's own
 * @param region    the signing region; null to look it up, then {@code us-east-1}
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}; null = path style
 *                  exactly when an endpoint is given (servers other than AWS rarely have per-bucket host names)
 */
public record S3Settings(URI endpoint, String region, Boolean pathStyle) {
    /** Everything from the environment. */
    public static final S3Settings DEFAULTS = new S3Settings(null, null, null);

    /** Whether requests name the bucket in the path. */
    public boolean usePathStyle() {
        return pathStyle != null ? pathStyle : endpoint != null || System.getenv("AWS_ENDPOINT_URL_S3") != null
                || System.getenv("AWS_ENDPOINT_URL") != null;
    }

    /** The endpoint the client talks to, for error messages: the flag's, the environment's, or AWS's. */
    public String describeEndpoint() {
        if (endpoint != null) {
            return endpoint.toString();
        }
        String env = System.getenv("AWS_ENDPOINT_URL_S3");
        env = env != null ? env : System.getenv("AWS_ENDPOINT_URL");
        return env != null ? env : "AWS S3";
    }
}
