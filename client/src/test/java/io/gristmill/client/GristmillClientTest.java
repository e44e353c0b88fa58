package io.gristmill.client;

import io.gristmill.client.FakeCoordinator.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One coordinator: requests as the REST API takes them, answers as typed values, errors as typed exceptions. */
class GristmillClientTest {
    @TempDir
    Path dir;

    @Test
    void submit_sendsTheJarAndTheSpecAsMultipartWithTheToken_andReturnsTheId() throws Exception {
        Path jar = Files.write(dir.resolve("job.jar"), new byte[] {'P', 'K', 3, 4, 0, (byte) 0xff});
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> Answer.json(201, "{\"id\": \"job-1\"}"))) {
            GristmillClient client = GristmillClient.builder().coordinators(coordinator.url()).token("s3cret").build();

            String id = client.submit(jar, JobSpec.builder().input("/in/a", "/in/b").output("/out").reducers(2)
                    .param("pattern", "whale").taskTimeout(Duration.ofSeconds(90)).build());

            assertEquals("job-1", id);
            FakeCoordinator.Request request = coordinator.requests().get(0);
            assertEquals("POST /api/v1/jobs", request.method() + " " + request.path());
            assertEquals("Bearer s3cret", request.authorization());
            assertTrue(request.contentType().startsWith("multipart/form-data; boundary="), request.contentType());
            String body = request.text();
            assertTrue(body.contains("name=\"spec\"") && body.contains("{\"input\":[\"/in/a\",\"/in/b\"],\"output\":\"/out\","
                    + "\"reducers\":2,\"taskTimeout\":\"90000ms\",\"params\":{\"pattern\":\"whale\"}}"), body);
            assertTrue(body.contains("name=\"jar\"; filename=\"job.jar\"") && body.contains("PK\u0003\u0004\u0000\u00ff"), body);
        }
    }

    @Test
    void submit_sendsEachSideFileAsAPartNamedFileWhoseFilenameIsItsName_andChecksThemFirst() throws Exception {
        Path jar = Files.write(dir.resolve("job.jar"), new byte[] {'P', 'K', 3, 4});
        Path stop = Files.writeString(dir.resolve("words.txt"), "the\nand\n");
        Path geo = Files.writeString(dir.resolve("geo.csv"), "a,1\n");
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> Answer.json(201, "{\"id\": \"job-1\"}"))) {
            GristmillClient client = GristmillClient.builder().coordinators(coordinator.url()).build();

            client.submit(jar, JobSpec.builder().input("/in").output("/out").sideFile(stop, "stopwords.txt")
                    .sideFile(geo).build());

            String body = coordinator.requests().get(0).text();
            assertTrue(body.contains("name=\"file\"; filename=\"stopwords.txt\"\r\nContent-Type: application/octet-stream"
                    + "\r\n\r\nthe\nand\n\r\n"), body);
            assertTrue(body.contains("name=\"file\"; filename=\"geo.csv\"\r\nContent-Type: application/octet-stream"
                    + "\r\n\r\na,1\n\r\n"), body);
            assertTrue(body.endsWith("--\r\n") && !body.contains("sideFile"), "side files are parts, not spec fields");

            java.nio.file.NoSuchFileException missing = assertThrows(java.nio.file.NoSuchFileException.class, () ->
                    client.submit(jar, JobSpec.builder().input("/in").output("/out").sideFile(dir.resolve("gone.txt")).build()));
            assertTrue(missing.getMessage().contains("gone.txt"), missing.getMessage());
            assertEquals(1, coordinator.requests().size(), "nothing sent for a missing side file");
        }
        assertThrows(IllegalArgumentException.class, () -> JobSpec.builder().sideFile(stop, "x").sideFile(geo, "x"));
    }

    @Test
    void jobStatus_isReadIntoValues_ignoringFieldsTheClientDoesNotKnow() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> Answer.json(200, Jobs.json("job-7", "RUNNING", 3, 42)))) {
            JobStatus job = GristmillClient.builder().coordinators(coordinator.url()).build().job("job-7");

            assertEquals(JobState.RUNNING, job.state());
            assertEquals(3, job.maps().succeeded());
            assertEquals(42, job.counter("wordcount", "words"));
            assertEquals(0, job.counter("wordcount", "none"));
            assertNull(job.error());
            assertEquals("GET /api/v1/jobs/job-7", coordinator.requests().get(0).method() + " " + coordinator.requests().get(0).path());
        }
    }

    @Test
    void apiErrors_becomeTheExceptionTypeOfTheirStatus_carryingFieldAndMessage() throws Exception {
        int[] status = {400};
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> Answer.json(status[0],
                "{\"error\": \"output /out already exists\", \"field\": \"output\"}"))) {
            GristmillClient client = GristmillClient.builder().coordinators(coordinator.url()).build();
            List<Class<? extends ApiException>> types = List.of(ApiException.BadRequest.class, ApiException.Unauthorized.class,
                    ApiException.Forbidden.class, ApiException.NotFound.class, ApiException.Conflict.class,
                    ApiException.PayloadTooLarge.class, ApiException.class);
            int[] statuses = {400, 401, 403, 404, 409, 413, 500};
            for (int i = 0; i < statuses.length; i++) {
                status[0] = statuses[i];
                ApiException e = assertThrows(ApiException.class, () -> client.kill("job-1"));
                assertEquals(types.get(i), e.getClass());
                assertEquals(statuses[i], e.status());
                assertEquals("output", e.field());
                assertEquals("output /out already exists", e.error());
                assertEquals("output /out already exists (field: output)", e.getMessage());
            }
        }
    }

    @Test
    void anErrorThatIsNotTheApisJson_keepsTheStatusAndText() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> new Answer(502, "text/html", "<h1>Bad Gateway</h1>"))) {
            ApiException e = assertThrows(ApiException.class,
                    () -> GristmillClient.builder().coordinators(coordinator.url()).build().jobs());
            assertEquals(502, e.status());
            assertNull(e.field());
            assertEquals("HTTP 502: <h1>Bad Gateway</h1>", e.getMessage());
        }
    }

    @Test
    void attemptLog_encodesThePathAndReturnsTheText() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> new Answer(200, "text/plain", "line one\nline two\n"))) {
            String log = GristmillClient.builder().coordinators(coordinator.url()).build().attemptLog("job-1", "m-00000", "m-00000-1");
            assertEquals("line one\nline two\n", log);
            assertEquals("/api/v1/jobs/job-1/tasks/m-00000/attempts/m-00000-1/log", coordinator.requests().get(0).path());
        }
    }

    @Test
    void awaitCompletion_tellsTheListenerOfEachChange_andReturnsTheFinalStatusWithCounters() throws Exception {
        String[] states = {"PLANNING", "RUNNING", "RUNNING", "RUNNING", "COMMITTING", "SUCCEEDED"};
        int[] polls = {0};
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> {
            int n = Math.min(polls[0]++, states.length - 1);
            return Answer.json(200, Jobs.json("job-1", states[n], n == 3 ? 4 : Math.min(n, 3), 42));
        })) {
            GristmillClient client = GristmillClient.builder().coordinators(coordinator.url()).pollInterval(Duration.ofMillis(10)).build();
            List<String> seen = new java.util.ArrayList<>();

            JobStatus done = client.awaitCompletion("job-1", Duration.ofSeconds(10),
                    s -> seen.add(s.state() + " " + s.maps().succeeded()));

            assertEquals(JobState.SUCCEEDED, done.state());
            assertEquals(42, done.counter("wordcount", "words"));
            assertEquals(List.of("PLANNING 0", "RUNNING 1", "RUNNING 2", "RUNNING 4", "COMMITTING 3", "SUCCEEDED 3"), seen);
        }
    }

    @Test
    void awaitCompletion_throwsTimeoutWhenTheJobRunsLonger() throws Exception {
        try (FakeCoordinator coordinator = new FakeCoordinator(r -> Answer.json(200, Jobs.json("job-1", "RUNNING", 1, 0)))) {
            GristmillClient client = GristmillClient.builder().coordinators(coordinator.url()).pollInterval(Duration.ofMillis(20)).build();
            assertThrows(TimeoutException.class, () -> client.awaitCompletion("job-1", Duration.ofMillis(200)));
        }
    }

    @Test
    void follow_completesTheFutureWithTheFinalStatus() throws Exception {
        int[] polls = {0};
        try (FakeCoordinator coordinator = new FakeCoordinator(r ->
                Answer.json(200, Jobs.json("job-1", polls[0]++ < 3 ? "RUNNING" : "FAILED", 1, 0)))) {
            GristmillClient client = GristmillClient.builder().coordinators(coordinator.url()).pollInterval(Duration.ofMillis(10)).build();
            JobStatus done = client.follow("job-1", s -> { }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(JobState.FAILED, done.state());
        }
    }

    @Test
    void aCoordinatorThatNeverAnswered_failsTheCallAtOnce_sayingWhere() throws Exception {
        String dead = FakeCoordinator.deadUrl();
        GristmillClient client = GristmillClient.builder().coordinators(dead).build();
        long start = System.nanoTime();
        CoordinatorUnavailableException e = assertThrows(CoordinatorUnavailableException.class, client::jobs);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertEquals("cannot reach the coordinator at " + dead + "/ (is it running?)", e.getMessage());
        assertInstanceOf(java.net.ConnectException.class, e.getCause());
    }
}
