package io.gristmill.cluster.io.s3;

import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.util.Set;

/**
 * Turns the SDK's exceptions into {@link IOException}s whose message says what went wrong with which object and
 * what to do: a missing bucket, refused credentials, an endpoint that does not answer. Stateless.
 */
public final class S3Errors {
    /** Error codes that say the credentials themselves are wrong (unknown key, wrong secret, expired token). */
    private static final Set<String> REJECTED_CREDENTIALS = Set.of("InvalidAccessKeyId",
            "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidClientTokenId");

    private S3Errors() {
    }

    /** An {@link IOException} for {@code e}, raised while doing {@code what} on {@code location}. */
    public static IOException describe(SdkException e, String what, Object location, S3Settings settings) {
        return new IOException(message(e, what, location, settings), e);
    }

    static String message(SdkException e, String what, Object location, S3Settings settings) {
        String where = " (" + what + " " + location + ")";
        String endpoint = settings.describeEndpoint();
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if ("NoSuchBucket".equals(code) || (status == 404 && location instanceof S3Location l && l.key().isEmpty())) {
                return "bucket '" + bucketOf(location) + "' does not exist" + where;
            }
            if ("NoSuchKey".equals(code) || status == 404) {
                return "no such object " + location + where;
            }
            if (code != null && REJECTED_CREDENTIALS.contains(code)) {
                return "S3 credentials rejected by " + endpoint + " (" + code + "): check AWS_ACCESS_KEY_ID/"
                        + "AWS_SECRET_ACCESS_KEY or AWS_PROFILE" + where;
            }
            if (status == 403) { // a HEAD's refusal has no body, so no code: bad credentials or no permission
                return "access to " + location + " refused by " + endpoint + " (" + (code == null ? "HTTP 403" : code)
                        + "): check the S3 credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and "
                        + "the bucket's permissions" + where;
            }
            return "S3 answered " + status + (code == null ? "" : " " + code) + ": " + s3.getMessage() + where;
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return "no answer from the S3 endpoint " + endpoint + " in time: " + e.getMessage()
                    + " (check --s3-endpoint or AWS_ENDPOINT_URL)" + where;
        }
        if (e instanceof SdkClientException && isUnreachable(e)) {
            return "cannot reach the S3 endpoint " + endpoint + ": " + rootMessage(e)
                    + " (check --s3-endpoint or AWS_ENDPOINT_URL)" + where;
        }
        return "S3 request to " + endpoint + " failed: " + e.getMessage() + where;
    }

    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String bucketOf(Object location) {
        return location instanceof S3Location l ? l.bucket() : String.valueOf(location);
    }
}
