package io.gristmill.cli;

import io.gristmill.cluster.io.Storages;
import io.gristmill.cluster.io.s3.S3Settings;
import picocli.CommandLine.Option;

import java.net.URI;

/**
 * How this process reaches S3 for {@code s3://} input and output (coordinator, worker, local). Credentials are never
 * flags (a command line is visible to every user of the machine): they come from AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, or AWS_PROFILE and ~/.aws/credentials.
 */
final class S3Options {
    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3 endpoint, e.g. http://127.0.0.1:9000 for MinIO or s3proxy (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS).")
    URI endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "S3 signing region (default: AWS_REGION, the profile's region, else us-east-1).")
    String region;

    @Option(names = "--s3-path-style", paramLabel = "true|false", arity = "1",
            description = "Name the bucket in the URL path rather than the host name (default: true when an endpoint is given).")
    Boolean pathStyle;

    /** Makes these the process's S3 settings; the client is built when an s3:// path is first used. */
    void apply() {
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("--s3-endpoint must be a URL such as http://127.0.0.1:9000, got '"
                    + endpoint + "'");
        }
        Storages.configureS3(new S3Settings(endpoint, region, pathStyle));
    }
}
