package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v1/events}: the console's snapshots over server-sent events, and its security. */
@Timeout(60)
class EventStreamTest {
    @TempDir
    Path dir;
    private RestFixture rest;

    @AfterEach
    void stop() throws Exception {
        if (rest != null) {
            rest.close();
        }
    }

    @Test
    void onConnect_aSnapshotOfJobsAndWorkersArrivesAtOnce_andWithAJobItsTasks() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        JsonNode first = firstSnapshot(ConsoleRoutes.EVENTS);
        assertTrue(first.path("serverTime").asLong() > 0, first.toString());
        assertTrue(first.path("snapshot").path("jobs").isArray(), first.toString());
        assertTrue(first.path("snapshot").path("workers").isArray(), first.toString());

        String spec = RestFixture.JSON.writeValueAsString(Map.of(
                "name", "<b>watched</b>", "input", List.of(RestFixture.inputFile(dir).toString()),
                "output", dir.resolve("out").toString()));
        HttpResponse<String> submitted = rest.submit(RestFixture.jobJar(), spec);
        assertEquals(201, submitted.statusCode(), submitted.body());
        String id = RestFixture.json(submitted).get("id").asText();

        JsonNode withJob = firstSnapshot(ConsoleRoutes.EVENTS + "?job=" + id).path("snapshot");
        assertEquals(id, withJob.path("job").path("id").asText(), withJob.toString());
        assertEquals("<b>watched</b>", withJob.path("job").path("name").asText());
        assertTrue(withJob.path("tasks").isArray(), withJob.toString());
        assertEquals(id, withJob.path("jobs").get(0).path("id").asText());
    }

    @Test
    void afterTheSnapshot_onlyWhatChangedIsSent() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        HttpRequest request = HttpRequest.newBuilder(rest.uri(ConsoleRoutes.EVENTS)).timeout(RestFixture.TIMEOUT).GET().build();
        HttpResponse<java.io.InputStream> response = rest.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = nextEvent(lines, "snapshot").path("snapshot");
            assertEquals(0, first.path("jobs").size(), first.toString());

            String spec = RestFixture.JSON.writeValueAsString(Map.of("input", List.of(RestFixture.inputFile(dir).toString()),
                    "output", dir.resolve("out").toString()));
            HttpResponse<String> submitted = rest.submit(RestFixture.jobJar(), spec);
            assertEquals(201, submitted.statusCode(), submitted.body());
            String id = RestFixture.json(submitted).get("id").asText();

            JsonNode changes = nextEvent(lines, "changes").path("changes");
            assertEquals(id, changes.path("jobs").path("upsert").get(0).path("id").asText(), changes.toString());
            assertEquals(0, changes.path("jobs").path("remove").size(), changes.toString());
            assertTrue(changes.path("workers").isMissingNode(), "workers did not change, so they are not sent: " + changes);
        }
    }

    @Test
    void aStreamOfOnePageCarriesOnlyThatPageOfTheListsItNames_andTheirWholeLength() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String spec = RestFixture.JSON.writeValueAsString(Map.of("input", List.of(RestFixture.inputFile(dir).toString()),
                    "output", dir.resolve("out-" + i).toString()));
            HttpResponse<String> submitted = rest.submit(RestFixture.jobJar(), spec);
            assertEquals(201, submitted.statusCode(), submitted.body());
            ids.add(RestFixture.json(submitted).get("id").asText());
        }

        JsonNode page = firstSnapshot(ConsoleRoutes.EVENTS + "?lists=jobs&offset=1&limit=1").path("snapshot");

        assertEquals(1, page.path("jobs").size(), page.toString());
        assertEquals(ids.get(1), page.path("jobs").get(0).path("id").asText(), "the second newest: " + page);
        assertEquals(3, page.path("jobsTotal").asInt(), page.toString());
        assertTrue(page.path("workers").isMissingNode(), "workers were not asked for: " + page);
        JsonNode none = firstSnapshot(ConsoleRoutes.EVENTS + "?lists=").path("snapshot");
        assertEquals(0, none.size(), none.toString());
    }

    @Test
    void withAJob_theStreamCarriesAPageOfItsTasks_andTasksLeavingAFilteredPageAreSentAsChanges() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        String spec = RestFixture.JSON.writeValueAsString(Map.of("input", RestFixture.inputFiles(dir, 4),
                "output", dir.resolve("out").toString()));
        HttpResponse<String> submitted = rest.submit(RestFixture.jobJar(), spec);
        assertEquals(201, submitted.statusCode(), submitted.body());
        String id = RestFixture.json(submitted).get("id").asText();
        rest.awaitJobState(id, "RUNNING"); // no workers: its 4 maps stay PENDING

        String query = ConsoleRoutes.EVENTS + "?lists=&job=" + id + "&taskState=pending&taskOffset=1&taskLimit=2";
        HttpRequest request = HttpRequest.newBuilder(rest.uri(query)).timeout(RestFixture.TIMEOUT).GET().build();
        HttpResponse<java.io.InputStream> response = rest.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = nextEvent(lines, "snapshot").path("snapshot");
            assertEquals(4, first.path("tasksTotal").asInt(), first.toString());
            assertEquals(List.of("m-00001", "m-00002"), taskIds(first.path("tasks")));
            assertEquals(id, first.path("job").path("id").asText(), first.toString());

            assertEquals(200, rest.post(RestApi.JOBS + "/" + id + "/kill").statusCode());

            JsonNode changes = nextEvent(lines, "changes").path("changes");
            assertEquals(0, changes.path("tasksTotal").asInt(-1), "no task is pending any more: " + changes);
            assertEquals(List.of("m-00001", "m-00002"), ids(changes.path("tasks").path("remove")));
            assertEquals("KILLED", changes.path("job").path("state").asText(), changes.toString());
        }
        HttpResponse<String> badType = rest.get(ConsoleRoutes.EVENTS + "?job=" + id + "&taskType=shuffle");
        assertEquals(400, badType.statusCode(), badType.body());
        assertTrue(badType.body().contains("\"taskType\""), badType.body());
    }

    private static List<String> taskIds(JsonNode tasks) {
        List<String> ids = new java.util.ArrayList<>();
        tasks.forEach(task -> ids.add(task.path("taskId").asText()));
        return ids;
    }

    private static List<String> ids(JsonNode texts) {
        List<String> ids = new java.util.ArrayList<>();
        texts.forEach(text -> ids.add(text.asText()));
        return ids;
    }

    @Test
    void aStreamAskingForAnUnknownListOrABadPageIsRefusedBeforeItStarts() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);

        HttpResponse<String> unknown = rest.get(ConsoleRoutes.EVENTS + "?lists=tasks");
        HttpResponse<String> badLimit = rest.get(ConsoleRoutes.EVENTS + "?lists=workers&limit=0");

        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("\"lists\""), unknown.body());
        assertEquals(400, badLimit.statusCode(), badLimit.body());
        assertTrue(badLimit.body().contains("\"limit\""), badLimit.body());
    }

    /** The data of the next event named {@code name} on the stream (earlier events of other names are skipped). */
    private static JsonNode nextEvent(BufferedReader lines, String name) throws Exception {
        boolean named = false;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("event: ")) {
                named = line.equals("event: " + name);
            } else if (named && line.startsWith("data: ")) {
                return RestFixture.JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("the stream ended without a " + name + " event");
    }

    @Test
    void anUnknownJob_answers404BeforeTheStreamStarts() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        HttpResponse<String> response = rest.get(ConsoleRoutes.EVENTS + "?job=job-unknown");
        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void withAToken_theStreamTakesItAsAQueryParameter_butNoOtherRouteDoes() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config.withBearerToken("s3cret"));
        assertEquals(401, rest.get(ConsoleRoutes.EVENTS).statusCode());
        assertEquals(401, rest.get(ConsoleRoutes.EVENTS + "?token=wrong").statusCode());
        assertEquals(401, rest.get(RestApi.JOBS + "?token=s3cret").statusCode());
        assertNotNull(firstSnapshot(ConsoleRoutes.EVENTS + "?token=s3cret").path("snapshot").path("jobs"));
    }

    @Test
    void aForeignHost_isRefusedForTheStreamAndTheConsoleFiles() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        for (String path : List.of(ConsoleRoutes.EVENTS, "/", "/index.html", "/webjars/x.js")) {
            try (Socket socket = new Socket("127.0.0.1", rest.port)) {
                socket.setSoTimeout((int) RestFixture.TIMEOUT.toMillis());
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertEquals("HTTP/1.1 403 Forbidden", status, path);
            }
        }
    }

    @Test
    void aMissingConsoleFile_fallsThroughToTheJson404() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config);
        HttpResponse<String> response = rest.get("/no-such-console-file.js");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("\"error\""), response.body());
    }

    /** Opens the stream, reads up to the first {@code snapshot} event, and closes it. */
    private JsonNode firstSnapshot(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(rest.uri(path)).timeout(RestFixture.TIMEOUT).GET().build();
        HttpResponse<java.io.InputStream> response = rest.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            boolean snapshot = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals("event: snapshot")) {
                    snapshot = true;
                } else if (snapshot && line.startsWith("data: ")) {
                    return RestFixture.JSON.readTree(line.substring(6));
                }
            }
        }
        throw new AssertionError("the stream ended without a snapshot");
    }
}
