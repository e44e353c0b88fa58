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
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;

/** Builds the one {@link S3Client} of a process from its {@link S3Settings}. Stateless. */
final class S3Clients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

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

    static S3Client build(S3Settings settings) {
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
                .overrideConfiguration(c -> c.addExecutionInterceptor(new NoExpectContinue()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
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
