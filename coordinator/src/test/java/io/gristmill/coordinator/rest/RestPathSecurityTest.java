package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bearer token cannot be skipped by spelling a path differently: every documented route, in every spelling
 * the router would still match, needs the token unless docs/openapi.yaml declares it public ({@code security: []}).
 */
@Timeout(120)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RestPathSecurityTest {
    private static final String TOKEN = "s3cret";
    private static final String BEARER = "Bearer " + TOKEN;
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    /** Values for the path parameters of the document's routes. */
    private static final Map<String, String> PARAMETERS = Map.of("{id}", "job-x", "{task}", "m-00000",
            "{attempt}", "m-00000-1", "{hash}", "0".repeat(64));

    @TempDir
    Path dir;

    private RestFixture rest;
    private String host;

    /** A documented operation with its path parameters filled in. */
    private record Operation(String method, String path, boolean isPublic) {
    }

    @BeforeEach
    void start() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config.withBearerToken(TOKEN));
        host = "127.0.0.1:" + rest.port;
    }

    @AfterEach
    void stop() throws Exception {
        rest.close();
    }

    @Test
    void the_spellings_users_found_need_the_token() throws Exception {
        List<String> spellings = List.of("/%61pi/v1/jobs", "//api/v1/jobs", "/./api/v1/jobs", "/x/../api/v1/jobs",
                "/%6detrics", "/metrics/");
        for (String path : spellings) {
            RawHttp.Response anonymous = RawHttp.request(rest.port, "GET", path, host);
            assertRefused(anonymous, "GET " + path);
            RawHttp.Response authorized = RawHttp.request(rest.port, "GET", path, host, "Authorization", BEARER);
            assertNotEquals(401, authorized.status(), "GET " + path + " with the token: " + authorized);
        }
    }

    @Test
    void a_job_posted_to_an_encoded_path_without_the_token_is_not_accepted() throws Exception {
        String spec = RestFixture.JSON.writeValueAsString(Map.of(
                "input", List.of(RestFixture.inputFile(dir).toString()), "output", dir.resolve("out").toString()));
        RestFixture.Multipart body = new RestFixture.Multipart().field("spec", spec)
                .file("jar", "job.jar", "application/java-archive", RestFixture.jobJar());
        byte[] bytes = body.bytes();
        RawHttp.Response response = RawHttp.send(rest.port, "POST /%61pi/v1/jobs HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close", bytes, RestFixture.TIMEOUT);

        assertRefused(response, "POST /%61pi/v1/jobs");
        assertFalse(Files.exists(dir.resolve("out")), "the job was accepted");
        assertEquals("[]", rest.get(RestApi.JOBS, "Authorization", BEARER).body());
    }

    @Test
    void every_documented_route_in_every_spelling_needs_the_token_unless_documented_public() throws Exception {
        List<Operation> operations = documentedOperations();
        assertTrue(operations.stream().anyMatch(Operation::isPublic), "no public route documented");
        assertTrue(operations.stream().anyMatch(o -> !o.isPublic()), "no protected route documented");
        for (Operation operation : operations) {
            for (String path : spellings(operation.path())) {
                String request = operation.method() + " " + path;
                RawHttp.Response anonymous = RawHttp.request(rest.port, operation.method(), path, host);
                if (operation.isPublic()) {
                    assertNotEquals(401, anonymous.status(), request + ": " + anonymous);
                    assertNoServerError(anonymous, request);
                } else {
                    assertRefused(anonymous, request);
                }
                RawHttp.Response authorized = RawHttp.request(rest.port, operation.method(), path, host,
                        "Authorization", BEARER);
                assertNotEquals(401, authorized.status(), request + " with the token: " + authorized);
                assertNoServerError(authorized, request + " with the token");
            }
        }
    }

    @Test
    void an_undocumented_path_needs_the_token_too() throws Exception {
        for (String path : List.of("/nothing-here", "/api", "/api/v2/jobs", "/internal", "/internal/other/x",
                "/health/x", "/healthz", "/console-test-file.txt/x")) {
            assertRefused(RawHttp.request(rest.port, "GET", path, host), "GET " + path);
        }
        assertRefused(RawHttp.request(rest.port, "POST", "/health", host), "POST /health");
    }

    @Test
    void the_consoles_files_and_webjars_need_no_token() throws Exception {
        for (String path : List.of("/console-test-file.txt", "//console-test-file.txt", "/%63onsole-test-file.txt")) {
            RawHttp.Response response = RawHttp.request(rest.port, "GET", path, host);
            assertEquals(200, response.status(), path + ": " + response);
        }
        RawHttp.Response webjar = RawHttp.request(rest.port, "GET", "/webjars/none/x.js", host);
        assertEquals(404, webjar.status(), webjar.toString());
    }

    @Test
    void a_path_no_client_sends_is_refused_with_400() throws Exception {
        for (String path : List.of("/./api/v1/jobs", "/x/../api/v1/jobs", "/%2e/api/v1/jobs", "/x/%2E%2e/health",
                "/api%2fv1/jobs", "/api/v1/jobs/a%5Cb", "/api\\v1/jobs", "/api/v1/jobs/job%00x", "/%zz", "/health%",
                "/..")) {
            RawHttp.Response response = RawHttp.request(rest.port, "GET", path, host, "Authorization", BEARER);
            assertEquals(400, response.status(), path + ": " + response);
            assertErrorBody(response, "GET " + path);
        }
    }

    /** Refused as unauthorised (401), as spelled wrong (400) or, for a path the router cannot read, as unknown (404). */
    private static void assertRefused(RawHttp.Response response, String request) throws IOException {
        assertTrue(Set.of(400, 401, 404).contains(response.status()), request + " without the token: " + response);
        assertErrorBody(response, request);
    }

    private static void assertNoServerError(RawHttp.Response response, String request) throws IOException {
        assertTrue(response.status() < 500, request + ": " + response);
        if (response.status() >= 400) {
            assertErrorBody(response, request);
        }
    }

    private static void assertErrorBody(RawHttp.Response response, String request) throws IOException {
        assertTrue(response.head().toLowerCase(Locale.ROOT).contains("content-type: application/json"),
                request + ": " + response);
        assertFalse(RestFixture.JSON.readTree(response.body()).path("error").asText().isBlank(),
                request + ": " + response);
    }

    /** Every operation of docs/openapi.yaml; public are those declaring {@code security: []}. */
    private static List<Operation> documentedOperations() throws IOException {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            String concrete = path.getKey();
            for (Map.Entry<String, String> parameter : PARAMETERS.entrySet()) {
                concrete = concrete.replace(parameter.getKey(), parameter.getValue());
            }
            assertFalse(concrete.contains("{"), "no test value for a parameter of " + path.getKey());
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    JsonNode security = operation.getValue().get("security");
                    boolean isPublic = security != null && security.isArray() && security.isEmpty();
                    operations.add(new Operation(operation.getKey().toUpperCase(Locale.ROOT), concrete, isPublic));
                }
            }
        }
        return operations;
    }

    /** {@code path} as written and in spellings that name the same resource once normalised. */
    static Set<String> spellings(String path) {
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(path);
        spellings.add("/" + path);
        spellings.add(path.replace("/", "//"));
        spellings.add(path + "/");
        spellings.add("/." + path);
        spellings.add("/x/.." + path);
        spellings.add("/%2e" + path);
        spellings.add("/x/%2E%2E" + path);
        spellings.add(encodeFirstLetters(path, "%%%02x"));
        spellings.add(encodeFirstLetters(path, "%%%02X"));
        spellings.add(encodeEveryLetter(path));
        spellings.add(path.replaceFirst("(.)/([^/]*)$", "$1%2f$2"));
        spellings.add(path.substring(1)); // no leading slash
        return spellings;
    }

    /** Percent-encodes the first character of every segment, in {@code format} ({@code %%%02x} or upper case). */
    private static String encodeFirstLetters(String path, String format) {
        StringBuilder result = new StringBuilder();
        boolean segmentStart = false;
        for (char c : path.toCharArray()) {
            result.append(segmentStart && c != '/' ? String.format(format, (int) c) : String.valueOf(c));
            segmentStart = c == '/';
        }
        return result.toString();
    }

    private static String encodeEveryLetter(String path) {
        StringBuilder result = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.US_ASCII)) {
            result.append(b == '/' ? "/" : String.format("%%%02X", b));
        }
        return result.toString();
    }
}
