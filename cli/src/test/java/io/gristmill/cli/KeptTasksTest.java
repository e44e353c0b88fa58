package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator started with {@code --kept-tasks 1} and a worker process: of the jobs that ended, only the last keeps
 * its tasks in memory; the others keep their status, and asking for their tasks says why there are none.
 */
class KeptTasksTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ProcessCluster(dir).coordinatorOptions(List.of("--kept-tasks", "1")).startCoordinator();
        cluster.startWorker(2);
        cluster.awaitLiveWorkers(1);
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private static String runToSuccess(String output) throws Exception {
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve(output).toString()).put("reducers", 1);
        String id = cluster.submit(jar, spec).getString("id");
        assertEquals("SUCCEEDED", cluster.awaitEnd(id, JOB_TIMEOUT).getString("state"));
        return id;
    }

    @Test
    void only_the_job_that_ended_last_keeps_its_tasks_and_the_others_keep_their_status() throws Exception {
        String first = runToSuccess("first");
        assertFalse(cluster.tasks(first).isEmpty(), "the only ended job keeps its tasks");
        String second = runToSuccess("second");

        RestClient.ApiError gone = assertThrows(RestClient.ApiError.class, () -> cluster.tasks(first));
        assertEquals(404, gone.status(), gone.getMessage());
        assertTrue(gone.getMessage().contains("no longer kept") && gone.getMessage().contains("--kept-tasks"),
                gone.getMessage());
        assertEquals("SUCCEEDED", cluster.rest().job(first).getString("state"));
        JsonArray tasks = cluster.tasks(second);
        assertFalse(tasks.isEmpty());
        assertFalse(tasks.getJsonObject(0).getJsonArray("attempts").isEmpty(), tasks.encode());

        // the console's job page of the first job: its status, and no tasks
        JsonObject snapshot = firstSnapshot(cluster.url() + "/api/v1/events?lists=&job=" + first);
        assertEquals("SUCCEEDED", snapshot.getJsonObject("job").getString("state"), snapshot.encode());
        assertEquals(0, snapshot.getInteger("tasksTotal"), snapshot.encode());
    }

    /** The {@code snapshot} of the first event the console's stream sends. */
    private static JsonObject firstSnapshot(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    return new JsonObject(line.substring("data: ".length())).getJsonObject("snapshot");
                }
            }
        }
        throw new AssertionError("the event stream ended without an event");
    }
}
