package io.gristmill.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few S3 calls the bench makes itself (create a bucket, upload its input, list, download and delete a job's
 * output), signed with AWS Signature Version 4 by hand so that the bench stays plain Java without the AWS SDK.
 * Path-style URLs ({@code http://host:port/bucket/key}); keys must be plain ASCII (letters, digits, {@code -._/}).
 * Uploads are sent with {@code UNSIGNED-PAYLOAD} (the body is not hashed, as over TLS; s3proxy accepts it), every
 * other body is empty. Thread-safe (the JDK's HTTP client is).
 */
final class S3Http {
    private static final String REGION = "us-east-1";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static final Pattern TRUNCATED = Pattern.compile("<IsTruncated>true</IsTruncated>");
    private static final Pattern NEXT_TOKEN = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");
    private static final Pattern UPLOAD_KEY = Pattern.compile("<Upload>.*?<Key>([^<]*)</Key>", Pattern.DOTALL);

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    S3Http(URI endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Whether the server answers at all (any HTTP status): it has started. */
    boolean answers() {
        try {
            http.send(HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void createBucket(String bucket) throws IOException {
        expectOk(send("PUT", "/" + bucket, Map.of(), HttpRequest.BodyPublishers.noBody(), EMPTY_SHA256,
                HttpResponse.BodyHandlers.ofString()), "creating bucket " + bucket);
    }

    /** Uploads {@code file} as one object (a single PUT; s3proxy takes objects of up to 5 GiB so). */
    void upload(Path file, String bucket, String key) throws IOException {
        expectOk(send("PUT", "/" + bucket + "/" + key, Map.of(), HttpRequest.BodyPublishers.ofFile(file),
                "UNSIGNED-PAYLOAD", HttpResponse.BodyHandlers.ofString()), "uploading " + file + " to " + key);
    }

    /** Every key below {@code prefix}, in the server's (lexicographic) order. */
    List<String> keys(String bucket, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new TreeMap<>(Map.of("list-type", "2", "prefix", prefix));
            if (token != null) {
                query.put("continuation-token", token);
            }
            String body = expectOk(send("GET", "/" + bucket, query, HttpRequest.BodyPublishers.noBody(),
                    EMPTY_SHA256, HttpResponse.BodyHandlers.ofString()), "listing " + prefix).body();
            Matcher key = KEY.matcher(body);
            while (key.find()) {
                keys.add(unescapeXml(key.group(1)));
            }
            Matcher next = NEXT_TOKEN.matcher(body);
            token = TRUNCATED.matcher(body).find() && next.find() ? unescapeXml(next.group(1)) : null;
        } while (token != null);
        return keys;
    }

    /** The keys of the multipart uploads still pending below {@code prefix} (none once a job has ended). */
    List<String> pendingUploads(String bucket, String prefix) throws IOException {
        String body = expectOk(send("GET", "/" + bucket, new TreeMap<>(Map.of("uploads", "", "prefix", prefix)),
                HttpRequest.BodyPublishers.noBody(), EMPTY_SHA256, HttpResponse.BodyHandlers.ofString()),
                "listing the pending uploads below " + prefix).body();
        List<String> keys = new ArrayList<>();
        Matcher key = UPLOAD_KEY.matcher(body);
        while (key.find()) {
            keys.add(unescapeXml(key.group(1)));
        }
        return keys;
    }

    void download(String bucket, String key, Path file) throws IOException {
        HttpResponse<Path> response = send("GET", "/" + bucket + "/" + key, Map.of(),
                HttpRequest.BodyPublishers.noBody(), EMPTY_SHA256, HttpResponse.BodyHandlers.ofFile(file));
        if (response.statusCode() != 200) {
            String body = Files.exists(file) ? Files.readString(file) : "";
            Files.deleteIfExists(file);
            throw new IOException("downloading " + key + " answered " + response.statusCode() + ": " + body);
        }
    }

    void delete(String bucket, String key) throws IOException {
        expectOk(send("DELETE", "/" + bucket + "/" + key, Map.of(), HttpRequest.BodyPublishers.noBody(),
                EMPTY_SHA256, HttpResponse.BodyHandlers.ofString()), "deleting " + key);
    }

    private static <T> HttpResponse<T> expectOk(HttpResponse<T> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private <T> HttpResponse<T> send(String method, String path, Map<String, String> query,
                                     HttpRequest.BodyPublisher body, String payloadHash,
                                     HttpResponse.BodyHandler<T> handler) throws IOException {
        String canonicalPath = encodePath(path);
        String canonicalQuery = canonicalQuery(query);
        String host = endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
        String date = amzDate.substring(0, 8);
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        String canonicalRequest = method + "\n" + canonicalPath + "\n" + canonicalQuery + "\nhost:" + host
                + "\nx-amz-content-sha256:" + payloadHash + "\nx-amz-date:" + amzDate + "\n\n" + signedHeaders + "\n"
                + payloadHash;
        String scope = date + "/" + REGION + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, REGION);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(key, toSign));
        URI uri = URI.create(endpoint.getScheme() + "://" + host + canonicalPath
                + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10))
                .method(method, body)
                .header("x-amz-content-sha256", payloadHash)
                .header("x-amz-date", amzDate)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature)
                .build();
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + path, e);
        }
    }

    private static String canonicalQuery(Map<String, String> query) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
            sb.append(sb.length() == 0 ? "" : "&").append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            sb.append(sb.length() == 0 && segment.isEmpty() ? "" : "/").append(encode(segment));
        }
        return sb.toString();
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters, as SigV4 asks. */
    private static String encode(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static String unescapeXml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
