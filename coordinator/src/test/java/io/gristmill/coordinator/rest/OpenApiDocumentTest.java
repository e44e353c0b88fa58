package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the server against docs/openapi.yaml, so that the document cannot drift from the routes. */
@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpenApiDocumentTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir
    Path dir;

    private RestFixture rest;
    private JsonNode document;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isRegularFile(DOCUMENT), "missing " + DOCUMENT.toAbsolutePath());
        document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        rest = RestFixture.start(dir.resolve("state"), config -> config);
    }

    @AfterEach
    void stop() throws Exception {
        rest.close();
    }

    @Test
    void the_document_is_an_openapi_3_document() {
        assertTrue(document.path("openapi").asText().startsWith("3.0"), document.path("openapi").asText());
        assertFalse(document.path("info").path("title").asText().isBlank());
    }

    @Test
    void every_served_route_is_documented_and_every_documented_route_is_served() {
        Set<String> served = new TreeSet<>();
        for (Route route : rest.api.router().getRoutes()) {
            if (route.getPath() == null) {
                continue; // handlers for every request: security checks, failure handler
            }
            if (ConsoleRoutes.isStatic(route)) {
                continue; // the console's static files at / and /webjars/*: web pages, not API operations
            }
            String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
            for (HttpMethod method : route.methods()) {
                served.add(method.name().toLowerCase(Locale.ROOT) + " " + path);
            }
        }
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    documented.add(operation.getKey() + " " + path.getKey());
                }
            }
        }
        assertFalse(served.isEmpty());
        assertEquals(documented, served);
    }

    @Test
    void a_served_job_and_its_tasks_have_every_property_the_schemas_require() throws Exception {
        String spec = RestFixture.JSON.writeValueAsString(Map.of(
                "input", List.of(RestFixture.inputFile(dir).toString()),
                "output", dir.resolve("out").toString()));
        HttpResponse<String> submitted = rest.submit(RestFixture.jobJar(), spec);
        assertEquals(201, submitted.statusCode(), submitted.body());
        String id = RestFixture.json(submitted).get("id").asText();

        JsonNode job = awaitRunning(id);
        assertHasRequired("JobStatus", job);
        assertHasRequired("TaskCounts", job.get("maps"));
        assertHasRequired("TaskCounts", job.get("reduces"));
        assertEnumContains("JobState", job.get("state").asText());

        JsonNode tasks = RestFixture.json(rest.get(RestApi.JOBS + "/" + id + "/tasks"));
        assertFalse(tasks.isEmpty(), tasks.toString());
        for (JsonNode task : tasks) {
            assertHasRequired("TaskStatus", task);
            assertEnumContains("TaskState", task.get("state").asText());
        }
        JsonNode killed = RestFixture.json(rest.post(RestApi.JOBS + "/" + id + "/kill"));
        assertHasRequired("JobStatus", killed);
        assertHasRequired("Error", RestFixture.json(rest.post(RestApi.JOBS + "/" + id + "/kill")));
    }

    private JsonNode awaitRunning(String id) throws Exception {
        JsonNode job = rest.awaitJobState(id, "RUNNING");
        assertEquals("RUNNING", job.get("state").asText(), job.toString());
        return job;
    }

    private JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertTrue(schema.isObject(), "no schema " + name);
        return schema;
    }

    private void assertHasRequired(String schemaName, JsonNode value) {
        JsonNode schema = schema(schemaName);
        assertFalse(schema.path("required").isEmpty(), schemaName + " lists no required properties");
        for (JsonNode required : schema.path("required")) {
            String property = required.asText();
            assertTrue(value.has(property), schemaName + " requires '" + property + "', missing in " + value);
            assertTrue(schema.path("properties").has(property), schemaName + " requires undeclared " + property);
        }
        for (Map.Entry<String, JsonNode> actual : value.properties()) {
            assertTrue(schema.path("properties").has(actual.getKey()),
                    schemaName + " does not document served property '" + actual.getKey() + "'");
        }
    }

    private void assertEnumContains(String schemaName, String value) {
        Set<String> values = new TreeSet<>();
        schema(schemaName).path("enum").forEach(v -> values.add(v.asText()));
        assertTrue(values.contains(value), schemaName + " " + values + " lacks " + value);
    }
}
