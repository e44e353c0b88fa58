package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.metrics.Metrics;
import io.gristmill.worker.internal.logs.AttemptLogs;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShuffleServerLogsAndMetricsTest {
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void servesMetricsToAnyoneAndAttemptLogsOnlyWithTheCoordinatorsSecretAndForWellFormedIds() throws Exception {
        Metrics metrics = new Metrics();
        metrics.registry().counter("gristmill.worker.test.things").inc(3);
        Path logs = AttemptLogs.root(dir);
        Path log = AttemptLogs.file(logs, "job-1", "m-00000-1");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "hello from the attempt\n");
        Files.writeString(dir.resolve("secret.txt"), "not to be served");
        ShuffleServer server = new ShuffleServer(vertx, new MapOutputRegistry(dir), metrics, logs);
        int port = server.start("127.0.0.1", 0).await();

        HttpResponse<String> scrape = get(port, "/metrics", null);
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(scrape.body().contains("gristmill_worker_test_things_total 3.0"), scrape.body());

        assertEquals(403, get(port, "/logs/job-1/m-00000-1", "guess").statusCode(), "not registered yet: no logs");
        server.logSecret("coordinator-secret");
        assertEquals(403, get(port, "/logs/job-1/m-00000-1", null).statusCode());
        assertEquals(403, get(port, "/logs/job-1/m-00000-1", "guess").statusCode());
        HttpResponse<String> found = get(port, "/logs/job-1/m-00000-1", "coordinator-secret");
        assertEquals(200, found.statusCode());
        assertEquals("hello from the attempt\n", found.body());
        assertEquals(404, get(port, "/logs/job-1/m-00000-2", "coordinator-secret").statusCode());
        assertEquals(400, get(port, "/logs/job-1/..%2F..%2Fsecret.txt", "coordinator-secret").statusCode());
        assertEquals(400, get(port, "/logs/job-1", "coordinator-secret").statusCode());
        assertEquals(400, get(port, "/logs/../secret.txt", "coordinator-secret").statusCode());
        server.logSecret("restarted-coordinator-secret");
        assertEquals(403, get(port, "/logs/job-1/m-00000-1", "coordinator-secret").statusCode(),
                "a coordinator the worker no longer serves");
        server.close().await();
    }

    private HttpResponse<String> get(int port, String path, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (secret != null) {
            request.header("X-Gristmill-Secret", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
