package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.gristmill.coordinator.rest.testjobs.NoopJob;
import io.gristmill.coordinator.rest.testjobs.NotAJob;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RestApiTest {
    @TempDir
    Path dir;

    private RestFixture rest;
    private int outputs;

    @BeforeEach
    void start() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
    }

    @AfterEach
    void stop() throws Exception {
        rest.close();
    }

    /** A valid spec for the test jar, changed by {@code change}. */
    private String spec(Consumer<Map<String, Object>> change) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("input", List.of(RestFixture.inputFile(dir).toString()));
        spec.put("output", dir.resolve("out-" + outputs++).toString());
        change.accept(spec);
        return RestFixture.JSON.writeValueAsString(spec);
    }

    private String submitGood() throws Exception {
        HttpResponse<String> response = rest.submit(RestFixture.jobJar(), spec(s -> { }));
        assertEquals(201, response.statusCode(), response.body());
        return RestFixture.json(response).get("id").asText();
    }

    private static void assertError(HttpResponse<String> response, int status, String field) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = RestFixture.json(response);
        assertFalse(body.path("error").asText().isBlank(), response.body());
        if (field != null) {
            assertEquals(field, body.path("field").asText(null), response.body());
        }
    }

    @Test
    void a_good_submission_is_accepted_with_201_and_a_location_and_the_job_is_listed() throws Exception {
        String spec = spec(s -> {
            s.put("jobClass", NoopJob.class.getName());
            s.put("reducers", 2);
            s.put("splitSize", "64k");
            s.put("sortBuffer", 1 << 20);
            s.put("maxAttempts", 2);
            s.put("maxWorkerLosses", 5);
            s.put("params", Map.of("mode", "fast", "limit", 3));
            s.put("name", "noop");
        });
        HttpResponse<String> response = rest.submit(RestFixture.jobJar(), spec);

        assertEquals(201, response.statusCode(), response.body());
        String id = RestFixture.json(response).get("id").asText();
        assertTrue(id.startsWith("job-"), id);
        assertEquals(RestApi.JOBS + "/" + id, response.headers().firstValue("Location").orElseThrow());

        JsonNode jobs = RestFixture.json(rest.get(RestApi.JOBS));
        assertEquals(1, jobs.size());
        assertEquals(id, jobs.get(0).get("id").asText());
        JsonNode job = RestFixture.json(rest.get(RestApi.JOBS + "/" + id));
        assertEquals("noop", job.get("name").asText());
        assertEquals("fast", job.get("params").get("mode").asText());
        assertEquals("3", job.get("params").get("limit").asText());
        assertTrue(List.of("PLANNING", "RUNNING").contains(job.get("state").asText()), job.toString());
        assertEquals(200, rest.get(RestApi.JOBS + "/" + id + "/tasks").statusCode());
        try (var stored = Files.list(dir.resolve("state").resolve("jars"))) {
            assertEquals(1, stored.filter(p -> p.toString().endsWith(".jar")).count());
        }
    }

    @Test
    void with_no_workers_an_accepted_job_is_planned_and_stays_running() throws Exception {
        String id = submitGood();
        JsonNode job = rest.awaitJobState(id, "RUNNING");
        assertEquals("RUNNING", job.get("state").asText(), job.toString());
        assertEquals(1, job.get("maps").get("total").asInt(), job.toString());
        JsonNode tasks = RestFixture.json(rest.get(RestApi.JOBS + "/" + id + "/tasks"));
        assertTrue(tasks.isArray() && tasks.size() >= 1, tasks.toString());
        assertEquals("PENDING", tasks.get(0).get("state").asText(), tasks.toString());
    }

    @Test
    void the_spec_may_also_be_sent_as_a_file_part() throws Exception {
        RestFixture.Multipart body = new RestFixture.Multipart()
                .file("spec", "spec.json", "application/json", spec(s -> { }).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .file("jar", "job.jar", "application/java-archive", RestFixture.jobJar());
        assertEquals(201, rest.submitMultipart(body).statusCode());
    }

    @Test
    void the_job_list_is_newest_first() throws Exception {
        String first = submitGood();
        String second = submitGood();
        JsonNode jobs = RestFixture.json(rest.get(RestApi.JOBS));
        assertEquals(second, jobs.get(0).get("id").asText());
        assertEquals(first, jobs.get(1).get("id").asText());
    }

    @Test
    void long_lists_come_in_pages_filtered_with_the_total_in_a_header() throws Exception {
        String first = submitGood();
        String second = submitGood();
        String third = submitGood();

        HttpResponse<String> page = rest.get(RestApi.JOBS + "?limit=1&offset=1");
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("3", page.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));
        JsonNode jobs = RestFixture.json(page);
        assertEquals(1, jobs.size());
        assertEquals(second, jobs.get(0).get("id").asText(), "newest first: " + third + ", " + second + ", " + first);
        assertEquals(0, RestFixture.json(rest.get(RestApi.JOBS + "?offset=3")).size(), "past the end: an empty page");
        assertEquals(200, rest.post(RestApi.JOBS + "/" + first + "/kill").statusCode());
        HttpResponse<String> killed = rest.get(RestApi.JOBS + "?state=killed");
        assertEquals("1", killed.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null), killed.body());
        assertEquals(first, RestFixture.json(killed).get(0).get("id").asText());
        assertEquals(0, RestFixture.json(rest.get(RestApi.JOBS + "?state=SUCCEEDED")).size());
        assertEquals(0, RestFixture.json(rest.get("/api/v1/workers?alive=true&limit=10")).size());

        assertError(rest.get(RestApi.JOBS + "?limit=0"), 400, "limit");
        assertError(rest.get(RestApi.JOBS + "?offset=-1"), 400, "offset");
        assertError(rest.get(RestApi.JOBS + "?state=DONE"), 400, "state");
        assertError(rest.get("/api/v1/workers?alive=maybe"), 400, "alive");
    }

    @Test
    void a_jobs_tasks_come_in_pages_filtered_by_state_and_type_and_without_parameters_all_of_them() throws Exception {
        String tasks = RestApi.JOBS + "/" + runningJobOfMaps(4) + "/tasks";

        HttpResponse<String> all = rest.get(tasks);
        assertEquals(List.of("m-00000", "m-00001", "m-00002", "m-00003"), taskIds(all));
        assertTrue(RestFixture.json(all).get(0).get("attempts").isArray(), all.body());
        assertEquals("4", all.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));
        HttpResponse<String> page = rest.get(tasks + "?offset=1&limit=2");
        assertEquals(List.of("m-00001", "m-00002"), taskIds(page));
        assertEquals("4", page.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));
        HttpResponse<String> maps = rest.get(tasks + "?type=map&state=pending&offset=3");
        assertEquals(List.of("m-00003"), taskIds(maps));
        assertEquals("4", maps.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));
        HttpResponse<String> reduces = rest.get(tasks + "?type=REDUCE");
        assertEquals(List.of(), taskIds(reduces));
        assertEquals("0", reduces.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));
        HttpResponse<String> running = rest.get(tasks + "?state=RUNNING&limit=10");
        assertEquals(List.of(), taskIds(running));
        assertEquals("0", running.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));

        assertError(rest.get(tasks + "?state=DONE"), 400, "state");
        assertError(rest.get(tasks + "?type=shuffle"), 400, "type");
        assertError(rest.get(tasks + "?limit=10001"), 400, "limit");
        assertError(rest.get(RestApi.JOBS + "/job-unknown/tasks?limit=10"), 404, null);
    }

    @Test
    void a_list_of_more_tasks_than_one_slice_comes_whole_and_in_order_and_so_do_pages_across_slices() throws Exception {
        int maps = 2 * TaskListResponse.SLICE + 100; // three slices
        String tasks = RestApi.JOBS + "/" + runningJobOfMaps(maps) + "/tasks";

        HttpResponse<String> all = rest.get(tasks);
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < maps; i++) {
            expected.add(String.format("m-%05d", i));
        }
        assertEquals(expected, taskIds(all));
        assertEquals(Integer.toString(maps), all.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));
        int boundary = TaskListResponse.SLICE;
        HttpResponse<String> across = rest.get(tasks + "?state=PENDING&offset=" + (boundary - 1) + "&limit=3");
        assertEquals(expected.subList(boundary - 1, boundary + 2), taskIds(across));
        assertEquals(Integer.toString(maps), across.headers().firstValue(ListQuery.TOTAL_COUNT).orElse(null));
        HttpResponse<String> tail = rest.get(tasks + "?type=map&offset=" + (maps - 1));
        assertEquals(List.of(expected.get(maps - 1)), taskIds(tail));
    }

    /** The id of a submitted job of {@code maps} maps (one input file each; the test job has no reducer), running. */
    private String runningJobOfMaps(int maps) throws Exception {
        List<String> inputs = RestFixture.inputFiles(dir, maps);
        HttpResponse<String> submitted = rest.submit(RestFixture.jobJar(), spec(s -> s.put("input", inputs)));
        assertEquals(201, submitted.statusCode(), submitted.body());
        String id = RestFixture.json(submitted).get("id").asText();
        rest.awaitJobState(id, "RUNNING"); // no workers: every task stays PENDING
        return id;
    }

    private static List<String> taskIds(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new java.util.ArrayList<>();
        RestFixture.json(response).forEach(task -> ids.add(task.get("taskId").asText()));
        return ids;
    }

    @Test
    void random_bytes_as_the_jar_are_rejected_naming_the_jar() throws Exception {
        byte[] junk = new byte[2048];
        new Random(42).nextBytes(junk);
        assertError(rest.submit(junk, spec(s -> { })), 400, "jar");
    }

    @Test
    void a_file_with_the_zip_magic_that_is_no_zip_is_rejected_naming_the_jar() throws Exception {
        byte[] fake = {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8};
        assertError(rest.submit(fake, spec(s -> { })), 400, "jar");
    }

    @Test
    void a_submission_without_a_jar_part_is_rejected_naming_the_jar() throws Exception {
        assertError(rest.submit(null, spec(s -> { })), 400, "jar");
    }

    @Test
    void a_submission_without_a_spec_is_rejected_naming_the_spec() throws Exception {
        assertError(rest.submit(RestFixture.jobJar(), null), 400, "spec");
    }

    @Test
    void a_spec_that_is_not_json_is_rejected_naming_the_spec() throws Exception {
        assertError(rest.submit(RestFixture.jobJar(), "{not json"), 400, "spec");
    }

    @Test
    void a_job_class_missing_from_the_jar_is_rejected_naming_the_job_class() throws Exception {
        String spec = spec(s -> s.put("jobClass", "io.gristmill.coordinator.rest.testjobs.Missing"));
        assertError(rest.submit(RestFixture.jobJar(), spec), 400, "jobClass");
    }

    @Test
    void a_job_class_that_is_no_job_definition_is_rejected_naming_the_job_class() throws Exception {
        String spec = spec(s -> s.put("jobClass", NotAJob.class.getName()));
        assertError(rest.submit(RestFixture.jobJar(), spec), 400, "jobClass");
    }

    @Test
    void an_unknown_spec_field_is_rejected_naming_it() throws Exception {
        String spec = spec(s -> s.put("colour", "blue"));
        assertError(rest.submit(RestFixture.jobJar(), spec), 400, "colour");
    }

    @Test
    void a_missing_input_is_rejected_naming_the_input() throws Exception {
        String spec = spec(s -> s.put("input", List.of(dir.resolve("no-such-file.txt").toString())));
        assertError(rest.submit(RestFixture.jobJar(), spec), 400, "input");
    }

    @Test
    void an_existing_output_is_rejected_naming_the_output() throws Exception {
        Path existing = Files.createDirectory(dir.resolve("existing"));
        String spec = spec(s -> s.put("output", existing.toString()));
        assertError(rest.submit(RestFixture.jobJar(), spec), 400, "output");
    }

    @Test
    void negative_reducers_are_rejected_naming_the_reducers() throws Exception {
        String spec = spec(s -> s.put("reducers", -1));
        assertError(rest.submit(RestFixture.jobJar(), spec), 400, "reducers");
    }

    @Test
    void a_malformed_size_or_a_wrongly_typed_field_is_rejected_naming_it() throws Exception {
        assertError(rest.submit(RestFixture.jobJar(), spec(s -> s.put("splitSize", "lots"))), 400, "splitSize");
        assertError(rest.submit(RestFixture.jobJar(), spec(s -> s.put("maxAttempts", "four"))), 400, "maxAttempts");
        assertError(rest.submit(RestFixture.jobJar(), spec(s -> s.put("params", List.of("a")))), 400, "params");
    }

    @Test
    void an_unknown_job_id_answers_404() throws Exception {
        assertError(rest.get(RestApi.JOBS + "/job-unknown"), 404, null);
        assertError(rest.get(RestApi.JOBS + "/job-unknown/tasks"), 404, null);
        assertError(rest.post(RestApi.JOBS + "/job-unknown/kill"), 404, null);
    }

    @Test
    void an_unknown_path_answers_a_json_404_and_a_wrong_method_a_json_405() throws Exception {
        assertError(rest.get("/api/v1/nothing-here"), 404, null);
        HttpResponse<String> delete = rest.http.send(java.net.http.HttpRequest.newBuilder(rest.uri(RestApi.JOBS))
                .timeout(RestFixture.TIMEOUT).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertError(delete, 405, null);
    }

    @Test
    void killing_a_running_job_answers_the_killed_job_and_killing_it_again_answers_409() throws Exception {
        String id = submitGood();
        HttpResponse<String> killed = rest.post(RestApi.JOBS + "/" + id + "/kill");
        assertEquals(200, killed.statusCode(), killed.body());
        assertEquals("KILLED", RestFixture.json(killed).get("state").asText());
        assertEquals("KILLED", RestFixture.json(rest.get(RestApi.JOBS + "/" + id)).get("state").asText());

        assertError(rest.post(RestApi.JOBS + "/" + id + "/kill"), 409, null);
    }

    @Test
    void workers_are_listed_and_health_is_up() throws Exception {
        HttpResponse<String> workers = rest.get("/api/v1/workers");
        assertEquals(200, workers.statusCode());
        assertTrue(RestFixture.json(workers).isArray());
        HttpResponse<String> health = rest.get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", RestFixture.json(health).get("status").asText());
    }

    @Test
    void the_same_jar_uploaded_twice_is_stored_once() throws Exception {
        submitGood();
        submitGood();
        try (var stored = Files.list(dir.resolve("state").resolve("jars"))) {
            List<Path> files = stored.toList();
            assertEquals(1, files.size(), files.toString());
            assertEquals(JarStore.sha256(files.get(0)) + ".jar", files.get(0).getFileName().toString());
        }
        // uploads are deleted after the response
        List<Path> left = RestFixture.poll(() -> {
            try (var uploads = Files.list(dir.resolve("state").resolve("uploads"))) {
                return uploads.toList();
            }
        }, List::isEmpty);
        if (!left.isEmpty()) {
            fail("uploads left behind: " + left);
        }
    }
}
