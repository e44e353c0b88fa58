package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.gristmill.coordinator.CoordinatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What bounds a submission before any job code runs: the task count (a tiny splitSize over a few MB was 3.3 million
 * tasks), the allowed roots, well-formed output paths and the planTimeout field.
 */
@Timeout(60)
class SubmissionLimitsTest {
    @TempDir
    Path dir;
    private Path root;
    private RestFixture rest;

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(dir.resolve("data"));
        rest = RestFixture.start(dir.resolve("state"),
                CoordinatorConfig.defaults().withMaxTasks(1_000).withAllowedRoots(List.of(root)), config -> config);
    }

    @AfterEach
    void stop() throws Exception {
        rest.close();
    }

    private String spec(Consumer<Map<String, Object>> change) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("input", List.of(Files.writeString(root.resolve("in.txt"), "a line\n").toString()));
        spec.put("output", root.resolve("out").toString());
        change.accept(spec);
        return RestFixture.JSON.writeValueAsString(spec);
    }

    private static JsonNode assertError(HttpResponse<String> response, String field) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = RestFixture.json(response);
        assertEquals(field, body.path("field").asText(null), response.body());
        return body;
    }

    @Test
    void a_split_size_that_would_make_more_tasks_than_allowed_is_refused_naming_splitSize() throws Exception {
        Path big = root.resolve("big.txt");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write(new byte[3_200_000]);
        }
        JsonNode error = assertError(rest.submit(RestFixture.jobJar(), spec(s -> {
            s.put("input", List.of(big.toString()));
            s.put("splitSize", 1);
        })), "splitSize");

        assertTrue(error.path("error").asText().contains("3,200,000 tasks"), error.toString());
        assertTrue(error.path("error").asText().contains("1,000"), error.toString());
        assertFalse(Files.exists(root.resolve("out")), "nothing reserved");
    }

    @Test
    void input_and_output_outside_the_allowed_roots_are_refused_naming_the_field() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret.txt"), "not yours\n");
        Files.createSymbolicLink(root.resolve("link.txt"), outside);

        assertError(rest.submit(RestFixture.jobJar(), spec(s -> s.put("input", List.of(outside.toString())))), "input");
        assertError(rest.submit(RestFixture.jobJar(), spec(s -> s.put("input", List.of(root.resolve("link.txt").toString())))),
                "input");
        assertError(rest.submit(RestFixture.jobJar(), spec(s -> s.put("output", dir.resolve("elsewhere").toString()))),
                "output");
        assertError(rest.submit(RestFixture.jobJar(), spec(s -> s.put("output", root.resolve("../escape").toString()))),
                "output");
        assertFalse(Files.exists(dir.resolve("elsewhere")));
        assertFalse(Files.exists(dir.resolve("escape")));
    }

    @Test
    void output_paths_that_are_no_folder_name_are_refused_naming_output() throws Exception {
        // escapes written as JSON text: a JSON library would not write a lone surrogate as one
        for (String output : List.of("/", root + "/o\\u0000x", root + "/o\\ud800x", "  ")) {
            String spec = spec(s -> s.put("output", "OUTPUT")).replace("\"OUTPUT\"", "\"" + output + "\"");
            HttpResponse<String> response = rest.submit(RestFixture.jobJar(), spec);
            assertEquals(400, response.statusCode(), "output " + output + ": " + response.body());
            assertError(response, "output");
        }
    }

    @Test
    void plan_timeout_takes_a_duration_or_seconds_and_refuses_anything_else() throws Exception {
        assertEquals(201, rest.submit(RestFixture.jobJar(), spec(s -> s.put("planTimeout", "30s"))).statusCode());
        assertEquals(201, rest.submit(RestFixture.jobJar(), spec(s -> {
            s.put("planTimeout", 0);
            s.put("output", root.resolve("out2").toString());
        })).statusCode());
        for (Object bad : List.of("soon", -1, "25h", true, 1.5)) {
            assertError(rest.submit(RestFixture.jobJar(), spec(s -> {
                s.put("planTimeout", bad);
                s.put("output", root.resolve("out3").toString());
            })), "planTimeout");
        }
    }
}
