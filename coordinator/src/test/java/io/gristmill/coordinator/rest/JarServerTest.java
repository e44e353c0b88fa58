package io.gristmill.coordinator.rest;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar-only listener: jars for a job's secret, nothing else, whatever the bearer token. */
@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JarServerTest {
    @TempDir
    Path dir;

    @Test
    void it_serves_only_the_jar_route_and_that_only_with_a_job_secret() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c.withBearerToken("s3cret"))) {
            JarServer jars = new JarServer(rest.vertx, rest.api);
            int port = RestFixture.await(jars.start("127.0.0.1", 0));
            String hash = "a".repeat(64);

            HttpResponse<String> noSecret = get(rest, port, RestApi.JARS + "/" + hash);
            assertEquals(403, noSecret.statusCode(), noSecret.body());
            assertTrue(noSecret.body().contains(RestApi.SECRET_HEADER), noSecret.body());

            int unknown = get(rest, port, RestApi.JARS + "/" + hash, RestApi.SECRET_HEADER, "guess").statusCode();
            assertTrue(unknown == 403 || unknown == 404, "no job has this jar: " + unknown);

            HttpResponse<String> api = get(rest, port, RestApi.JOBS, "Authorization", "Bearer s3cret");
            assertEquals(404, api.statusCode(), api.body());
            assertTrue(api.body().contains("--http-port"), api.body());
            RestFixture.await(jars.close());
        }
    }

    private static HttpResponse<String> get(RestFixture rest, int port, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(RestFixture.TIMEOUT).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return rest.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
