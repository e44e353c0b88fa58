package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives one coordinator's REST API with generated specs, multipart bodies and requests ({@link FuzzInputs}):
 * every answer must be a 2xx, or a 4xx with a JSON {@code {"error": ...}} body, within {@link #PER_REQUEST};
 * never a 5xx or a hang. A job that gets accepted is killed at once. Fixed seeds keep the cases the same on every
 * run; the tries keep the whole class near half a minute on two busy cores.
 */
class RestApiFuzzTest {
    private static final Duration PER_REQUEST = Duration.ofSeconds(10);
    private static final AtomicInteger requests = new AtomicInteger();
    private static final AtomicInteger accepted = new AtomicInteger();

    private static Path root;
    private static RestFixture rest;
    private static FuzzInputs inputs;

    @BeforeContainer
    static void start() throws Exception {
        root = Files.createTempDirectory("gristmill-fuzz-"); // jqwik has no @TempDir; removed in stop()
        Path output = Files.createDirectories(root.resolve("existing-output"));
        Files.createDirectories(root.resolve("in"));
        inputs = new FuzzInputs(root, RestFixture.inputFile(root.resolve("in")), output, RestFixture.jobJar());
        // a short grace: truncated multipart bodies are refused only once it has passed
        rest = RestFixture.start(root.resolve("state"), config -> config.withUnfinishedBodyGrace(Duration.ofMillis(200)));
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            if (rest != null) {
                assertEquals(200, rest.get("/health").statusCode(), "the coordinator stopped answering");
                assertTrue(requests.get() >= 1_000, "only " + requests + " requests were sent");
            }
        } finally {
            try {
                if (rest != null) {
                    rest.close();
                }
            } finally {
                deleteRecursively(root);
            }
        }
    }

    @Property(tries = 1_500, seed = "20250917")
    void every_submission_is_answered_with_2xx_or_a_json_4xx(@ForAll("submissions") FuzzInputs.Body body)
            throws Exception {
        String head = "POST " + RestApi.JOBS + " HTTP/1.1\r\nHost: 127.0.0.1:" + rest.port
                + (body.contentType().isEmpty() ? "" : "\r\nContent-Type: " + body.contentType())
                + "\r\nContent-Length: " + body.bytes().length + "\r\nConnection: close";
        RawHttp.Response response = send(head, body.bytes(), body.toString());
        assertAnswered(response, body.toString(), true);
        if (response.status() == 201) {
            killAt(response, body.toString());
        }
    }

    @Property(tries = 1_500, seed = "20250918")
    void every_request_is_answered_with_2xx_or_a_json_4xx(@ForAll("methods") String method,
            @ForAll("paths") String path, @ForAll("headers") List<String> headers, @ForAll("bodies") byte[] body)
            throws Exception {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + rest.port);
        for (int i = 0; i < headers.size(); i += 2) {
            head.append("\r\n").append(headers.get(i)).append(": ").append(headers.get(i + 1));
        }
        head.append("\r\nContent-Length: ").append(body.length).append("\r\nConnection: close");
        String request = method + " " + FuzzInputs.abbreviate(path) + " " + headers.stream()
                .map(FuzzInputs::abbreviate).toList() + " with " + body.length + " bytes";
        RawHttp.Response response = send(head.toString(), body, request);
        assertAnswered(response, request, !method.equals("HEAD"));
        if (response.status() == 201) {
            killAt(response, request);
        }
    }

    @Provide
    Arbitrary<FuzzInputs.Body> submissions() {
        return inputs.submission();
    }

    @Provide
    Arbitrary<String> methods() {
        return FuzzInputs.method();
    }

    @Provide
    Arbitrary<String> paths() {
        return FuzzInputs.path();
    }

    @Provide
    Arbitrary<List<String>> headers() {
        return FuzzInputs.headers();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(Arbitraries.just(new byte[0]), Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                inputs.specText().map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    private static RawHttp.Response send(String head, byte[] body, String request) throws IOException {
        requests.incrementAndGet();
        try {
            return RawHttp.send(rest.port, head, body, PER_REQUEST);
        } catch (IOException e) {
            throw new AssertionError("no answer within " + PER_REQUEST + " to " + request + ": " + e, e);
        }
    }

    private static void assertAnswered(RawHttp.Response response, String request, boolean hasBody) throws IOException {
        int status = response.status();
        assertTrue(status / 100 == 2 || status / 100 == 4, "answered " + status + " to " + request + ":\n" + response);
        if (status / 100 == 4 && hasBody) {
            assertTrue(response.head().toLowerCase(Locale.ROOT).contains("content-type: application/json"),
                    "not JSON for " + request + ":\n" + response);
            JsonNode error = RestFixture.JSON.readTree(response.body());
            assertFalse(error.path("error").asText().isBlank(), "no error message for " + request + ":\n" + response);
        }
    }

    /** Kills the job a 201 answer names, so that it does no work and holds nothing. */
    private static void killAt(RawHttp.Response response, String request) throws Exception {
        accepted.incrementAndGet();
        String id = RestFixture.JSON.readTree(response.body()).path("id").asText();
        assertFalse(id.isBlank(), "201 without a job id for " + request + ":\n" + response);
        int killed = rest.post(RestApi.JOBS + "/" + id + "/kill").statusCode();
        assertTrue(killed == 200 || killed == 409, "kill of " + id + " answered " + killed);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
