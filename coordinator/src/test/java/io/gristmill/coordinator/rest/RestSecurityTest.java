package io.gristmill.coordinator.rest;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RestSecurityTest {
    @TempDir
    Path dir;

    /** Sends a request with a raw socket (the JDK client does not let a caller set {@code Host}). */
    private static String rawRequest(int port, String method, String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) RestFixture.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String rawResponse) {
        return Integer.parseInt(rawResponse.substring(9, 12));
    }

    @Test
    void a_request_for_a_foreign_host_name_is_refused_with_403() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c)) {
            String response = rawRequest(rest.port, "GET", RestApi.JOBS, "evil.example");
            assertEquals(403, status(response), response);
            assertTrue(response.contains("\"error\""), response);
            assertEquals(403, status(rawRequest(rest.port, "GET", "/health", "evil.example:" + rest.port)));
        }
    }

    @Test
    void a_request_for_one_of_the_coordinators_own_names_passes() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c)) {
            assertEquals(200, status(rawRequest(rest.port, "GET", RestApi.JOBS, "localhost:" + rest.port)));
            assertEquals(200, status(rawRequest(rest.port, "GET", RestApi.JOBS, "[::1]:" + rest.port)));
            assertEquals(200, status(rawRequest(rest.port, "GET", RestApi.JOBS, "127.0.0.1")));
        }
    }

    @Test
    void a_state_changing_request_from_a_foreign_origin_is_refused_with_403() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c)) {
            HttpResponse<String> cross = rest.post(RestApi.JOBS + "/job-x/kill", "Origin", "http://evil.example");
            assertEquals(403, cross.statusCode(), cross.body());
            HttpResponse<String> otherPort = rest.post(RestApi.JOBS + "/job-x/kill", "Origin", "http://127.0.0.1:1");
            assertEquals(403, otherPort.statusCode(), otherPort.body());
            HttpResponse<String> opaque = rest.submit(RestFixture.jobJar(), "{}", "Origin", "null");
            assertEquals(403, opaque.statusCode(), opaque.body());
        }
    }

    @Test
    void a_state_changing_request_from_the_own_origin_or_without_origin_passes() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c)) {
            String own = "http://127.0.0.1:" + rest.port;
            assertEquals(404, rest.post(RestApi.JOBS + "/job-x/kill", "Origin", own).statusCode());
            assertEquals(404, rest.post(RestApi.JOBS + "/job-x/kill").statusCode());
            assertEquals(200, rest.get(RestApi.JOBS, "Origin", "http://evil.example").statusCode());
        }
    }

    @Test
    void with_a_token_an_api_request_needs_the_bearer_token_but_health_does_not() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c.withBearerToken("s3cret"))) {
            HttpResponse<String> none = rest.get(RestApi.JOBS);
            assertEquals(401, none.statusCode(), none.body());
            assertTrue(RestFixture.json(none).has("error"));
            assertEquals(401, rest.get(RestApi.JOBS, "Authorization", "Bearer wrong").statusCode());
            assertEquals(401, rest.post(RestApi.JOBS + "/job-x/kill").statusCode());
            assertEquals(200, rest.get(RestApi.JOBS, "Authorization", "Bearer s3cret").statusCode());
            assertEquals(200, rest.get("/health").statusCode());
        }
    }

    @Test
    void metrics_are_prometheus_text_and_need_the_token_when_one_is_configured() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c)) {
            HttpResponse<String> open = rest.get("/metrics");
            assertEquals(200, open.statusCode(), open.body());
            assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertTrue(open.body().contains("# TYPE gristmill_coordinator_tasks_started_total counter"), open.body());
            assertTrue(open.body().contains("gristmill_coordinator_tasks_pending 0"), open.body());
        }
        try (RestFixture rest = RestFixture.start(dir, c -> c.withBearerToken("s3cret"))) {
            assertEquals(401, rest.get("/metrics").statusCode());
            assertEquals(200, rest.get("/metrics", "Authorization", "Bearer s3cret").statusCode());
        }
    }

    @Test
    void the_log_of_an_unknown_job_or_attempt_is_404() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c)) {
            HttpResponse<String> response = rest.get(RestApi.JOBS + "/job-x/tasks/m-00000/attempts/m-00000-1/log");
            assertEquals(404, response.statusCode(), response.body());
            assertTrue(RestFixture.json(response).has("error"));
        }
    }

    @Test
    void an_upload_over_the_limit_is_refused_with_413() throws Exception {
        try (RestFixture rest = RestFixture.start(dir, c -> c.withUploadLimit(16 * 1024))) {
            byte[] big = new byte[64 * 1024];
            new Random(7).nextBytes(big);
            HttpResponse<String> response = rest.submit(big, "{}");
            assertEquals(413, response.statusCode(), response.body());
            assertTrue(RestFixture.json(response).has("error"));
            assertEquals(200, rest.get(RestApi.JOBS).statusCode()); // the server still answers
        }
    }

    @Test
    void the_server_refuses_a_non_loopback_address_without_a_token() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            RestConfig config = RestConfig.defaults(dir, "0.0.0.0");
            RestServer server = new RestServer(vertx, new RestApi(vertx, new io.gristmill.coordinator.CoordinatorVerticle(
                    io.gristmill.coordinator.CoordinatorConfig.defaults()), config));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> RestFixture.await(server.start("0.0.0.0", 0)));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals(-1, server.port());
        } finally {
            RestFixture.await(vertx.close());
        }
    }

    @Test
    void origins_are_compared_by_host_and_effective_port() {
        assertTrue(SecurityHandler.sameOrigin("http://localhost:8080", "localhost", 8080));
        assertTrue(SecurityHandler.sameOrigin("http://LocalHost", "localhost", 80));
        assertTrue(SecurityHandler.sameOrigin("http://[::1]:8080", "::1", 8080));
        assertFalse(SecurityHandler.sameOrigin("http://localhost:3000", "localhost", 8080));
        assertFalse(SecurityHandler.sameOrigin("https://localhost", "localhost", 80));
        assertFalse(SecurityHandler.sameOrigin("null", "localhost", 8080));
        assertFalse(SecurityHandler.sameOrigin("http://evil.example:8080", "localhost", 8080));
    }

    @Test
    void host_names_are_compared_without_port_case_or_brackets() {
        RestConfig config = RestConfig.defaults(dir, "127.0.0.1");
        assertTrue(config.allowsHost("LOCALHOST:8080"));
        assertTrue(config.allowsHost("[::1]:8080"));
        assertTrue(config.allowsHost("127.0.0.1"));
        assertFalse(config.allowsHost("localhost.evil.example"));
        assertFalse(config.allowsHost(null));
        assertFalse(config.allowsHost(""));
    }
}
