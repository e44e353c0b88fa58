package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.ContentHash;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.SideFile;
import io.gristmill.cluster.WorkerAction;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Side files over REST: multipart parts {@code file} named by their filename, kept by content hash, handed to workers
 * in RUN messages and served to them only with the job's secret; bad names are a 400 and a too-large part a 413, both
 * naming the field {@code file}.
 */
@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SideFilesRestTest {
    private static final String STOPWORDS = "the\nand\nof\n";
    private static final String LOOKUP = "a,1\nb,2\n";

    @TempDir
    Path dir;
    private RestFixture rest;
    private int outputs;

    @BeforeEach
    void start() throws Exception {
        rest = RestFixture.start(dir.resolve("state"), config -> config.withUploadLimit(64 * 1024));
    }

    @AfterEach
    void stop() throws Exception {
        rest.close();
    }

    private RestFixture.Multipart submission() throws Exception {
        String spec = RestFixture.JSON.writeValueAsString(Map.of("input", List.of(RestFixture.inputFile(dir).toString()),
                "output", dir.resolve("out-" + outputs++).toString(), "reducers", 0));
        return new RestFixture.Multipart().field("spec", spec)
                .file("jar", "job.jar", "application/java-archive", RestFixture.jobJar());
    }

    private static RestFixture.Multipart withFile(RestFixture.Multipart body, String name, String content) {
        return body.file("file", name, "text/plain", content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void side_files_are_kept_by_content_and_served_to_the_jobs_workers_with_its_secret_only() throws Exception {
        rest.coordinator.jarBaseUrl("http://127.0.0.1:" + rest.port);
        RunAttempt run = runOfAJobOnAScriptedWorker(withFile(withFile(submission(), "stopwords.txt", STOPWORDS),
                "lookup.csv", LOOKUP));

        Map<String, SideFile> byName = run.sideFiles().stream().collect(Collectors.toMap(SideFile::name, f -> f));
        assertEquals(List.of("lookup.csv", "stopwords.txt"), byName.keySet().stream().sorted().toList());
        SideFile stopwords = byName.get("stopwords.txt");
        Path kept = dir.resolve("state").resolve("files").resolve(stopwords.hash());
        assertEquals(STOPWORDS, Files.readString(kept), "kept under its content hash");
        assertEquals(ContentHash.of(kept), stopwords.hash());
        assertEquals(rest.uri(RestApi.FILES + "/" + stopwords.hash()).toString(), stopwords.url());

        assertEquals(STOPWORDS, download(stopwords.url(), run.secret()).body());
        assertEquals(LOOKUP, download(byName.get("lookup.csv").url(), run.secret()).body());
        assertEquals(403, download(stopwords.url(), null).statusCode(), "no secret");
        assertEquals(403, download(stopwords.url(), "not-the-secret").statusCode(), "another secret");
        assertEquals(404, download(rest.uri(RestApi.FILES + "/" + "0".repeat(64)).toString(), run.secret()).statusCode(),
                "a hash no job ships");
        JsonNode job = RestFixture.json(rest.get(RestApi.JOBS + "/" + run.ref().jobId()));
        assertEquals("[\"stopwords.txt\",\"lookup.csv\"]", job.get("sideFiles").toString(), "listed in the order sent");
    }

    @Test
    void a_job_without_side_files_gets_none_and_the_jar_route_still_serves_its_jar() throws Exception {
        rest.coordinator.jarBaseUrl("http://127.0.0.1:" + rest.port);
        RunAttempt run = runOfAJobOnAScriptedWorker(submission());

        assertEquals(List.of(), run.sideFiles());
        assertEquals(200, download(run.jarUrl(), run.secret()).statusCode());
    }

    @Test
    void bad_side_file_names_are_refused_naming_the_file_field() throws Exception {
        for (String bad : List.of("../escape", "a/b", "..", ".")) {
            HttpResponse<String> response = rest.submitMultipart(withFile(submission(), bad, STOPWORDS));
            assertFileError(response, 400, bad);
        }
        HttpResponse<String> twice = rest.submitMultipart(withFile(withFile(submission(), "same", "x"), "same", "y"));
        assertFileError(twice, 400, "same");
        HttpResponse<String> noFilename = rest.submitMultipart(submission().field("file", STOPWORDS));
        assertFileError(noFilename, 400, "filename");
        assertFalse(Files.exists(dir.resolve("state").resolve("files")) && Files.list(dir.resolve("state")
                .resolve("files")).findAny().isPresent(), "nothing refused is kept");
    }

    @Test
    void an_empty_filename_is_refused_naming_the_file_field() throws Exception {
        HttpResponse<String> response = rest.submitMultipart(withFile(submission(), "", STOPWORDS));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("file", RestFixture.json(response).path("field").asText(null), response.body());
    }

    @Test
    void a_side_file_that_passes_the_upload_limit_is_refused_with_413_naming_it() throws Exception {
        byte[] big = new byte[128 * 1024];
        new Random(3).nextBytes(big);
        RestFixture.Multipart body = submission().file("file", "huge.bin", "application/octet-stream", big);

        HttpResponse<String> streamed = rest.submitChunked(body);
        assertEquals(413, streamed.statusCode(), streamed.body());
        JsonNode error = RestFixture.json(streamed);
        assertEquals("file", error.path("field").asText(null), streamed.body());
        assertTrue(error.path("error").asText().contains("huge.bin"), streamed.body());

        HttpResponse<String> declared = rest.submitMultipart(body); // refused by its length, before a part is read
        assertEquals(413, declared.statusCode(), declared.body());
        assertTrue(RestFixture.json(declared).path("error").asText().contains("side files count together"),
                declared.body());
    }

    private static void assertFileError(HttpResponse<String> response, int status, String mentioned) throws Exception {
        assertEquals(status, response.statusCode(), mentioned + ": " + response.body());
        JsonNode error = RestFixture.json(response);
        assertEquals("file", error.path("field").asText(null), response.body());
        assertTrue(error.path("error").asText().contains(mentioned), response.body());
    }

    /** Registers a scripted worker, submits {@code body} and returns the first attempt the worker is told to run. */
    private RunAttempt runOfAJobOnAScriptedWorker(RestFixture.Multipart body) throws Exception {
        BlockingQueue<RunAttempt> runs = new LinkedBlockingQueue<>();
        rest.vertx.eventBus().<Object>consumer(Addresses.worker("w-1"), message -> {
            if (WorkerAction.RUN.name().equals(message.headers().get(Addresses.ACTION_HEADER))) {
                runs.addAll(Messages.decode(message.body(), RunAttempts.class).attempts());
                message.reply(new JsonObject());
            }
        });
        Object reply = RestFixture.await(rest.vertx.eventBus().request(Addresses.REGISTER,
                Messages.encode(new RegisterWorker("w-1", null, 1, "127.0.0.1", 0)))).body();
        String epoch = Messages.decode(reply, Registered.class).epoch();
        rest.vertx.setPeriodic(300, t -> rest.vertx.eventBus().request(Addresses.HEARTBEAT,
                Messages.encode(new Heartbeat("w-1", epoch, List.of()))));
        HttpResponse<String> submitted = rest.submitMultipart(body);
        assertEquals(201, submitted.statusCode(), submitted.body());
        RunAttempt run = runs.poll(20, TimeUnit.SECONDS);
        assertNotNull(run, "the worker was given an attempt");
        return run;
    }

    private HttpResponse<String> download(String url, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(RestFixture.TIMEOUT).GET();
        if (secret != null) {
            request.header(RestApi.SECRET_HEADER, secret);
        }
        return rest.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
