package io.gristmill.cli;

import io.gristmill.cluster.io.s3.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3 server (s3proxy) in the test JVM with bucket {@code books} holding the sample books under {@code in/},
 * plus what listing must skip; a client to look at what jobs left; and the AWS variables that point processes at it.
 */
final class S3TestBucket implements AutoCloseable {
    static final String BUCKET = "books";
    private final S3ProxyServer server;
    private final S3Client s3;

    private S3TestBucket(S3ProxyServer server, S3Client s3) {
        this.server = server;
        this.s3 = s3;
    }

    static S3TestBucket start() throws Exception {
        S3ProxyServer server = S3ProxyServer.start();
        server.createBucket(BUCKET);
        S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED) // s3proxy refuses trailing ones
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
        for (Path book : Outputs.gutenbergFiles()) {
            s3.putObject(b -> b.bucket(BUCKET).key("in/" + book.getFileName()), RequestBody.fromFile(book));
        }
        // what listing skips, as it does in folders: output markers and hidden files
        s3.putObject(b -> b.bucket(BUCKET).key("in/_SUCCESS"), RequestBody.fromString("skipped words"));
        s3.putObject(b -> b.bucket(BUCKET).key("in/.hidden"), RequestBody.fromString("skipped words"));
        return new S3TestBucket(server, s3);
    }

    /** The AWS variables that make a Gristmill process use this server (the endpoint, credentials, region). */
    Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
                "AWS_ENDPOINT_URL_S3", server.endpoint().toString(), "AWS_REGION", "us-east-1");
    }

    String endpoint() {
        return server.endpoint().toString();
    }

    List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    List<String> pendingUploads(String prefix) {
        return s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix)).uploads().stream()
                .map(MultipartUpload::key).toList();
    }

    /** The object's bytes as UTF-8 text. */
    String text(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }

    /** The key/value lines of every part below {@code prefix}; a key in two parts fails (a duplicate part). */
    Map<String, String> keyValues(String prefix) {
        Map<String, String> all = new HashMap<>();
        for (String key : keys(prefix)) {
            if (!key.substring(prefix.length()).startsWith("part-")) {
                continue;
            }
            String text = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    int tab = line.indexOf('\t');
                    if (all.put(line.substring(0, tab), line.substring(tab + 1)) != null) {
                        throw new AssertionError("key " + line.substring(0, tab) + " is in two parts");
                    }
                }
            }
        }
        return all;
    }

    @Override
    public void close() throws Exception {
        s3.close();
        server.close();
    }
}
