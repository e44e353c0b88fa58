package io.gristmill.cli;

import io.gristmill.cli.console.HeadlessChromium;
import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A coordinator started with {@code --kept-tasks 1} and a worker process, and two jobs run to their end: only the last
 * keeps its tasks in memory; the first keeps its status, and asking for its tasks (API, {@code gristmill logs} or the
 * console) says why there are none.
 */
class KeptTasksTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;

    private static String first;
    private static String second;
    private static JsonArray firstTasksWhileLast;

    @BeforeAll
    static void startClusterAndRunTwoJobs() throws Exception {
        cluster = new ProcessCluster(dir).coordinatorOptions(List.of("--kept-tasks", "1")).startCoordinator();
        cluster.startWorker(2);
        cluster.awaitLiveWorkers(1);
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
        first = runToSuccess("first");
        firstTasksWhileLast = cluster.tasks(first);
        second = runToSuccess("second");
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
        assertFalse(firstTasksWhileLast.isEmpty(), "the only ended job keeps its tasks");

        RestClient.ApiError gone = assertThrows(RestClient.ApiError.class, () -> cluster.tasks(first));
        assertEquals(404, gone.status(), gone.getMessage());
        assertTrue(gone.getMessage().contains("no longer kept") && gone.getMessage().contains("--kept-tasks"),
                gone.getMessage());
        assertEquals("SUCCEEDED", cluster.rest().job(first).getString("state"));
        JsonArray tasks = cluster.tasks(second);
        assertFalse(tasks.isEmpty());
        assertFalse(tasks.getJsonObject(0).getJsonArray("attempts").isEmpty(), tasks.encode());

        // gristmill logs on the first job: exit 1 and the reason on stderr
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Gristmill.execute(new String[] {"logs", first, "--coordinator", cluster.url()});
        } finally {
            System.setErr(originalErr);
        }
        String logsError = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, logsError);
        assertTrue(logsError.contains("error:") && logsError.contains("no longer kept"), logsError);

        // what the console's job page of the first job gets: its status, and no tasks
        JsonObject snapshot = firstSnapshot(cluster.url() + "/api/v1/events?lists=&job=" + first);
        assertEquals("SUCCEEDED", snapshot.getJsonObject("job").getString("state"), snapshot.encode());
        assertEquals(0, snapshot.getInteger("tasksTotal"), snapshot.encode());
    }

    @Test
    void the_consoles_page_of_a_job_whose_tasks_are_gone_shows_its_status_and_says_why_it_lists_no_task()
            throws Exception {
        assumeTrue(HeadlessChromium.isInstalled(), HeadlessChromium.MISSING);
        WebDriver driver = HeadlessChromium.start(dir);
        try {
            driver.get(cluster.url() + "/#/jobs/" + first);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#job-state"), "SUCCEEDED"));
            String why = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tasks-gone"))).getText();
            assertTrue(why.contains("no longer keeps") && why.contains("--kept-tasks"), why);

            driver.get(cluster.url() + "/#/jobs/" + second); // the last job's page lists its tasks
            wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#tasks tr.task"), 0));
            assertEquals(0, driver.findElements(By.id("tasks-gone")).size());
            assertEquals(List.of(), HeadlessChromium.scriptErrors(driver), "script errors in the console");
        } finally {
            driver.quit();
        }
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
