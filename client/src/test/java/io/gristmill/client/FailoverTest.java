package io.gristmill.client;

import io.gristmill.client.FakeCoordinator.Answer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several coordinators, one active: a standby answers 503 with {@code {"error": ..., "active": URL|null}}. The client
 * follows the named coordinator or tries the next URL, with a backoff, within the failover window, and then sticks to
 * the one that answered.
 */
class FailoverTest {
    private static final Answer JOBS = Answer.json(200, "[]");

    @Test
    void aStandbyNamingTheActiveCoordinator_sendsTheRequestThere_andLaterRequestsGoStraightThere() throws Exception {
        try (FakeCoordinator active = new FakeCoordinator(r -> JOBS);
             FakeCoordinator standby = new FakeCoordinator(r -> Answer.json(503, FakeCoordinator.standbyNaming(active)))) {
            // the active coordinator is not even in the list: the standby's word is enough
            GristmillClient client = GristmillClient.builder().coordinators(standby.url()).build();

            assertEquals(List.of(), client.jobs());
            assertEquals(List.of(), client.jobs());

            assertEquals(1, standby.requests().size());
            assertEquals(2, active.requests().size());
            assertEquals(URI.create(active.url() + "/"), client.coordinator());
        }
    }

    @Test
    void aStandbyThatDoesNotKnowTheActiveOne_sendsTheRequestToTheNextUrl() throws Exception {
        try (FakeCoordinator standby = new FakeCoordinator(r -> Answer.json(503, FakeCoordinator.STANDBY_UNKNOWN));
             FakeCoordinator active = new FakeCoordinator(r -> JOBS)) {
            GristmillClient client = GristmillClient.builder().coordinators(standby.url() + "," + active.url()).build();

            assertEquals(List.of(), client.jobs());
            assertEquals(URI.create(active.url() + "/"), client.coordinator());
        }
    }

    @Test
    void aCoordinatorThatRefusesConnections_isSkippedForTheNextUrl() throws Exception {
        try (FakeCoordinator active = new FakeCoordinator(r -> JOBS)) {
            GristmillClient client = GristmillClient.builder().coordinators(FakeCoordinator.deadUrl(), active.url()).build();

            assertEquals(List.of(), client.jobs());
            assertEquals(1, active.requests().size());
        }
    }

    @Test
    void aSubmissionRefusedByAStandby_isSentAgainToTheActiveCoordinator() throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.createTempFile("job", ".jar");
        try (FakeCoordinator active = new FakeCoordinator(r -> Answer.json(201, "{\"id\": \"job-9\"}"));
             FakeCoordinator standby = new FakeCoordinator(r -> Answer.json(503, FakeCoordinator.standbyNaming(active)))) {
            GristmillClient client = GristmillClient.builder().coordinators(standby.url(), active.url()).build();

            assertEquals("job-9", client.submit(jar, JobSpec.builder().input("/in").output("/out").build()));
            assertTrue(active.requests().get(0).text().contains("name=\"jar\""));
        } finally {
            java.nio.file.Files.delete(jar);
        }
    }

    @Test
    void whenOnlyStandbysAnswer_theCallFailsAfterTheWindow_namingWhatEachUrlSaid() throws Exception {
        try (FakeCoordinator a = new FakeCoordinator(r -> Answer.json(503, FakeCoordinator.STANDBY_UNKNOWN));
             FakeCoordinator b = new FakeCoordinator(r -> new Answer(503, "text/plain", "maintenance"))) {
            GristmillClient client = GristmillClient.builder().coordinators(a.url(), b.url())
                    .failoverWindow(Duration.ofMillis(2000)).build();
            long start = System.nanoTime();

            CoordinatorUnavailableException e = assertThrows(CoordinatorUnavailableException.class, client::jobs);

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 600 && millis < 6000, millis + " ms");
            assertTrue(e.getMessage().contains(a.url() + "/ is a standby (active: unknown)")
                    && e.getMessage().contains(b.url() + "/ is a standby"), e.getMessage());
            // 200 + 400 ms of backoff fit in 2 s with room for slow requests: at least three tries, alternating
            assertTrue(a.requests().size() >= 2 && b.requests().size() >= 1, a.requests().size() + " " + b.requests().size());
        }
    }

    @Test
    void afterACoordinatorAnswered_aDeadOneIsRetriedWithinTheWindow_untilItComesBack() throws Exception {
        String url;
        try (FakeCoordinator first = new FakeCoordinator(r -> JOBS)) {
            url = first.url();
            GristmillClient client = GristmillClient.builder().coordinators(url).build();
            client.jobs();
            first.stop();
            int port = URI.create(url).getPort();
            // the coordinator restarts on the same port a second later; the call waits for it
            Thread restart = new Thread(() -> {
                try {
                    Thread.sleep(1000);
                    com.sun.net.httpserver.HttpServer again = com.sun.net.httpserver.HttpServer.create(
                            new java.net.InetSocketAddress("127.0.0.1", port), 0);
                    again.createContext("/", exchange -> {
                        byte[] body = "[]".getBytes();
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    again.start();
                    restarted.add(again);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restart.start();
            try {
                assertEquals(List.of(), client.jobs());
            } finally {
                restart.join();
                restarted.forEach(s -> s.stop(0));
            }
        }
    }

    private final List<com.sun.net.httpserver.HttpServer> restarted = new CopyOnWriteArrayList<>();

    @Test
    void awaitCompletion_followsTheJobAcrossATakeover_keepingItsId() throws Exception {
        AtomicBoolean tookOver = new AtomicBoolean();
        int[] polls = {0};
        try (FakeCoordinator oldActive = new FakeCoordinator(r -> Answer.json(200, Jobs.json("job-1", "RUNNING", 1, 0)));
             FakeCoordinator standby = new FakeCoordinator(r -> !tookOver.get()
                     ? Answer.json(503, FakeCoordinator.STANDBY_UNKNOWN)
                     : Answer.json(200, Jobs.json("job-1", polls[0]++ < 2 ? "RUNNING" : "SUCCEEDED", 4, 99)))) {
            GristmillClient client = GristmillClient.builder().coordinators(oldActive.url(), standby.url())
                    .pollInterval(Duration.ofMillis(20)).build();
            List<String> events = new CopyOnWriteArrayList<>();
            ProgressListener listener = new ProgressListener() {
                @Override
                public void onProgress(JobStatus status) {
                    events.add(status.id() + " " + status.state() + " " + status.maps().succeeded());
                    if (status.maps().succeeded() == 1 && events.size() == 1) {
                        oldActive.stop(); // the active coordinator dies
                        new Thread(() -> { // the standby takes over 700 ms later
                            sleep(700);
                            tookOver.set(true);
                        }).start();
                    }
                }

                @Override
                public void onCoordinatorChanged(URI coordinator) {
                    events.add("now via " + coordinator);
                }
            };

            JobStatus done = client.awaitCompletion("job-1", Duration.ofSeconds(30), listener);

            assertEquals(JobState.SUCCEEDED, done.state());
            assertEquals(99, done.counter("wordcount", "words"));
            assertEquals(List.of("job-1 RUNNING 1", "now via " + standby.url() + "/", "job-1 RUNNING 4", "job-1 SUCCEEDED 4"),
                    events);
            assertTrue(standby.requests().stream().allMatch(r -> r.path().equals("/api/v1/jobs/job-1")));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void coordinatorUrls_areCommaSeparatedAndMustBeHttp() {
        assertThrows(IllegalArgumentException.class, () -> GristmillClient.builder().coordinators("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> GristmillClient.builder().coordinators(" , "));
        assertThrows(IllegalStateException.class, () -> GristmillClient.builder().build());
        assertEquals(URI.create("http://b:2/"), GristmillClient.builder().coordinators(" http://b:2 ,http://c:3/").build().coordinator());
    }
}
