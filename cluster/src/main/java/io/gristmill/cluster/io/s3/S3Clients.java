package io.gristmill.cluster.io.s3;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Builds a process's {@link S3Client}s from its {@link S3Settings}: one for tasks and commits, and one whose calls
 * are bounded for the checks a REST request waits for. Stateless.
 */
final class S3Clients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Limits of the calls a REST request waits for (listing input, reserving output at submission): the SDK's own
     * defaults (3 attempts, 60 s without an answer each) would keep a submission to a silent endpoint waiting for
     * minutes. One answer within 10 s, one retry, 25 s in all: a healthy S3 lists a page or stores a marker in well
     * under a second, and a loaded S3-compatible server in a few.
     */
    static final Duration CHECK_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CHECK_CALL_TIMEOUT = Duration.ofSeconds(25);
    static final int CHECK_ATTEMPTS = 2;

    private S3Clients() {
    }

    /**
     * Drops the {@code Expect: 100-continue} the SDK adds to uploads: with the JDK's HTTP client each upload then
     * waits a round trip for the interim answer before sending its body (measured against s3proxy on a loaded 2-core
     * machine: 10 small PUTs took 0.43–2.1 s with it, 0.38–0.83 s without). Its purpose, not sending a body a server
     * refuses at once, matters little for parts of a few MiB.
     */
    private static final class NoExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    }

    /** The client for tasks and commits: the SDK's retries, no limit on a call's length (a large upload takes long). */
    static S3Client build(S3Settings settings) {
        return builder(settings, c -> { }).build();
    }

    /** A client whose every call ends within {@code callTimeout}, each attempt within {@code attemptTimeout}. */
    static S3Client buildBounded(S3Settings settings, Duration attemptTimeout, Duration callTimeout, int attempts) {
        return builder(settings, c -> c.apiCallAttemptTimeout(attemptTimeout).apiCallTimeout(callTimeout)
                .retryStrategy(r -> r.maxAttempts(attempts))).build();
    }

    private static S3ClientBuilder builder(S3Settings settings, Consumer<ClientOverrideConfiguration.Builder> limits) {
        var builder = S3Client.builder()
                // the JDK's HTTP client: the SDK's Netty client would be a second Netty next to Vert.x's
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT))
                .region(region(settings))
                .forcePathStyle(settings.usePathStyle())
                // checksums only where S3 requires them: several S3-compatible servers reject the SDK's default
                // trailing checksums (aws-chunked bodies), and parts are checked by their ETags anyway
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> limits.accept(c.addExecutionInterceptor(new NoExpectContinue())));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    /**
     * The flag's region, else AWS_REGION (or {@code aws.region}), else the profile file's, else us-east-1, which
     * S3-compatible servers accept. Not the SDK's full chain: its last step asks the EC2 metadata service, which off
     * EC2 costs seconds of timeouts per client.
     */
    private static Region region(S3Settings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        try {
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    .getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }
}
