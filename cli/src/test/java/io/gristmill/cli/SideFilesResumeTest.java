package io.gristmill.cli;

import io.gristmill.cli.testjobs.StopWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job resumed by a restarted coordinator still ships its side files: its only worker dies with the coordinator, so a
 * worker that joins only after the restart runs the rest of the job, downloading them from the new coordinator, and
 * the job's output is exact.
 */
class SideFilesResumeTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;
    private ProcessCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void whenTheCoordinatorRestartsMidJobAndItsWorkerDies_thenTheResumedJobShipsItsSideFilesToANewWorker() throws Exception {
        cluster = ProcessCluster.start(dir, 1, 2);
        String oldWorker = cluster.shufflePorts().keySet().iterator().next();
        Path jar = TestJars.jarOf(dir, StopWordCount.class);
        Path stopWords = Files.write(dir.resolve("stopwords.txt"), List.of("the", "and", "of"));
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve("out").toString()).put("reducers", 2).put("splitSize", "256k")
                .put("params", new JsonObject().put("mapSleepMillis", "1000"));
        String id = cluster.rest().submit(jar, spec, List.of(SideFileArgument.parse(stopWords.toString()))).getString("id");
        cluster.awaitJob(id, j -> j.getJsonObject("maps").getInteger("succeeded") >= 2, TIMEOUT);

        ProcessCluster.kill9(cluster.worker(oldWorker)); // the rest of the job can only run on the new worker
        cluster.restartCoordinator();
        String newWorker = cluster.workerId(cluster.startWorker(2));
        cluster.awaitLiveWorkers(1);

        JsonObject job = cluster.awaitEnd(id, TIMEOUT);
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertEquals(new JsonArray().add("stopwords.txt"), job.getJsonArray("sideFiles"));
        Map<String, String> expected = new TreeMap<>(Outputs.sequentialWordCount(Outputs.gutenbergFiles()));
        List.of("the", "and", "of").forEach(expected::remove);
        Outputs.assertSameEntries(expected, Outputs.keyValues(dir.resolve("out")));
        long attemptsOnNewWorker = cluster.tasks(id).stream().flatMap(t -> ((JsonObject) t).getJsonArray("attempts").stream())
                .filter(a -> newWorker.equals(((JsonObject) a).getString("workerId"))).count();
        assertTrue(attemptsOnNewWorker > 0, "the worker that joined after the restart ran some of the job");
        assertEquals(1.0, downloads(cluster.shufflePorts().get(newWorker)),
                "it fetched the side file from the new coordinator, once for its " + attemptsOnNewWorker + " attempts");
    }

    private static double downloads(int shufflePort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + shufflePort + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        return PrometheusText.parse(response.body()).getOrDefault("gristmill_worker_side_file_downloads_total", 0.0);
    }
}
