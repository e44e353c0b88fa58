package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input that used to fail with 500 is refused with a 4xx and a JSON error naming what to fix. */
@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RestBadInputTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private String host;

    @BeforeEach
    void start() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        host = "127.0.0.1:" + rest.port;
    }

    @AfterEach
    void stop() throws Exception {
        rest.close();
    }

    private String spec(Map<String, Object> extra) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("input", List.of(RestFixture.inputFile(dir).toString()));
        spec.put("output", dir.resolve("out").toString());
        spec.putAll(extra);
        return RestFixture.JSON.writeValueAsString(spec);
    }

    private static void assertError(HttpResponse<String> response, Set<Integer> statuses, String field) throws Exception {
        assertTrue(statuses.contains(response.statusCode()), response.statusCode() + " " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = RestFixture.json(response);
        assertFalse(body.path("error").asText().isBlank(), response.body());
        if (field != null) {
            assertEquals(field, body.path("field").asText(null), response.body());
        }
    }

    private static void assertJsonError(RawHttp.Response response, Set<Integer> statuses) throws Exception {
        assertTrue(statuses.contains(response.status()), response.toString());
        assertTrue(response.head().toLowerCase().contains("content-type: application/json"), response.toString());
        assertFalse(RestFixture.JSON.readTree(response.body()).path("error").asText().isBlank(), response.toString());
    }

    @Test
    void an_unknown_output_compression_is_refused_with_400_naming_outputCompression() throws Exception {
        for (Object value : List.of("lz4", "GZIP", 3, true)) {
            HttpResponse<String> response = rest.submit(RestFixture.jobJar(), spec(Map.of("outputCompression", value)));
            assertError(response, Set.of(400), "outputCompression");
            assertTrue(response.body().contains("none") && response.body().contains("zstd"), response.body());
        }
        for (Object value : List.of("gzip", "lz4", 1)) {
            assertError(rest.submit(RestFixture.jobJar(), spec(Map.of("shuffleCompression", value))), Set.of(400),
                    "shuffleCompression");
        }
    }

    @Test
    void a_spec_file_that_is_not_utf8_is_refused_with_400_naming_spec() throws Exception {
        byte[] latin1 = spec(Map.of("name", "café")).getBytes(StandardCharsets.ISO_8859_1);
        RestFixture.Multipart body = new RestFixture.Multipart()
                .file("spec", "spec.json", "application/json", latin1)
                .file("jar", "job.jar", "application/java-archive", RestFixture.jobJar());
        assertError(rest.submitMultipart(body), Set.of(400), "spec");
    }

    @Test
    void a_spec_text_field_over_8_kib_is_read() throws Exception {
        String spec = spec(Map.of("name", "n".repeat(100_000), "input", List.of(dir.resolve("missing").toString())));
        assertError(rest.submit(RestFixture.jobJar(), spec), Set.of(400), "input");
    }

    @Test
    void a_spec_text_field_over_the_limit_is_refused_naming_spec() throws Exception {
        String spec = spec(Map.of("name", "n".repeat(RestConfig.SPEC_FIELD_LIMIT + 1)));
        assertError(rest.submit(RestFixture.jobJar(), spec), Set.of(400, 413), "spec");
        assertEquals(200, rest.get("/health").statusCode());
    }

    @Test
    void a_multipart_body_without_its_closing_boundary_is_refused_with_400_not_left_hanging() throws Exception {
        byte[] jar = RestFixture.jobJar();
        String head = "--b\r\nContent-Disposition: form-data; name=\"spec\"\r\n\r\n" + spec(Map.of())
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"jar\"; filename=\"job.jar\"\r\n\r\n";
        byte[] body = java.util.Arrays.copyOf(head.getBytes(StandardCharsets.UTF_8), head.length() + jar.length / 2);
        System.arraycopy(jar, 0, body, head.length(), jar.length / 2);
        RawHttp.Response response = RawHttp.send(rest.port, "POST " + RestApi.JOBS + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + body.length
                + "\r\nConnection: close", body, RestFixture.TIMEOUT);
        assertJsonError(response, Set.of(400));
        Path uploads = dir.resolve("state").resolve("uploads");
        long left = RestFixture.poll(() -> { // deleted asynchronously
            try (var files = java.nio.file.Files.list(uploads)) {
                return files.count();
            }
        }, n -> n == 0);
        assertEquals(0, left, "the partial upload was kept");
    }

    @Test
    void a_multipart_content_type_with_an_empty_boundary_is_400() throws Exception {
        for (String type : List.of("multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"")) {
            RawHttp.Response response = RawHttp.send(rest.port, "POST " + RestApi.JOBS + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: " + type + "\r\nContent-Length: 4\r\nConnection: close",
                    "--\r\n".getBytes(StandardCharsets.US_ASCII), RestFixture.TIMEOUT);
            assertJsonError(response, Set.of(400));
        }
    }

    @Test
    void an_output_path_the_file_system_cannot_name_is_400_not_500() throws Exception {
        assertError(rest.submit(RestFixture.jobJar(), spec(Map.of("output", dir.resolve("out").toString() + "\u0000x"))),
                Set.of(400), null);
        String loneSurrogate = spec(Map.of("output", dir.resolve("out").toString() + "SURROGATE"))
                .replace("SURROGATE", "\\ud800"); // as a JSON escape: a lone surrogate cannot be sent as UTF-8
        assertError(rest.submit(RestFixture.jobJar(), loneSurrogate), Set.of(400), null);
    }

    @Test
    void an_empty_missing_or_garbled_host_is_refused_with_a_json_error() throws Exception {
        for (String badHost : List.of("", " ", ":", ":80", "[", "[::1", "a b", "127.0.0.1:notaport", "127.0.0.1:99999",
                "\u00ff\u00fe", "localhost:80:80", "@localhost", "user@localhost")) {
            assertJsonError(RawHttp.request(rest.port, "GET", "/health", badHost), Set.of(400, 403));
        }
        assertJsonError(RawHttp.request(rest.port, "GET", "/health", null), Set.of(400, 403));
        RawHttp.Response http10 = RawHttp.send(rest.port, "GET /health HTTP/1.0", new byte[0], RestFixture.TIMEOUT);
        assertJsonError(http10, Set.of(400, 403));
        RawHttp.Response twoHosts = RawHttp.send(rest.port, "GET /health HTTP/1.1\r\nHost: " + host
                + "\r\nHost: evil.example\r\nConnection: close", new byte[0], RestFixture.TIMEOUT);
        assertJsonError(twoHosts, Set.of(400, 403));
        assertEquals(200, RawHttp.request(rest.port, "GET", "/health", host).status());
    }
}
