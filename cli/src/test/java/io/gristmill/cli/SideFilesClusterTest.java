package io.gristmill.cli;

import io.gristmill.cli.testjobs.StopWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Side files on a coordinator and two worker processes: {@code submit --file} ships a stop-word list that every map
 * task reads through {@code TaskContext.sideFile}; each worker downloads it once for the job, however many of the
 * job's attempts it runs.
 */
class SideFilesClusterTest {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> STOP_WORDS = List.of("the", "and", "of", "to", "a", "I", "in", "that", "was", "The");
    private static final String DOWNLOADS = "gristmill_worker_side_file_downloads_total";

    @TempDir
    static Path dir;
    private static ProcessCluster cluster;
    private static Path jar;
    private static Path stopWords;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ProcessCluster.start(dir, 2, 2);
        jar = TestJars.jarOf(dir, StopWordCount.class);
        stopWords = Files.write(dir.resolve("stopwords.txt"), STOP_WORDS);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void submitWithFileAndWait_dropsTheStopWordsExactlyAsASequentialCountDoes_andEachWorkerDownloadsTheFileOnce()
            throws Exception {
        Path output = dir.resolve("wc");
        Map<String, Double> before = downloadsByWorker();
        int exit = Gristmill.execute("submit", jar.toString(), "--coordinator", cluster.baseUrl(),
                "--input", BundledJobs.sampleInput().toString(), "--output", output.toString(),
                "--split-size", "256k", "--reducers", "3", "--file", stopWords.toString(), "--wait");

        assertEquals(0, exit);
        Map<String, String> expected = new TreeMap<>(Outputs.sequentialWordCount(Outputs.gutenbergFiles()));
        STOP_WORDS.forEach(expected::remove);
        Outputs.assertSameEntries(expected, Outputs.keyValues(output));

        String id = onlyJob();
        Map<String, Integer> attemptsByWorker = new TreeMap<>();
        for (Object task : cluster.tasks(id)) {
            for (Object attempt : ((JsonObject) task).getJsonArray("attempts")) {
                attemptsByWorker.merge(((JsonObject) attempt).getString("workerId"), 1, Integer::sum);
            }
        }
        assertTrue(attemptsByWorker.values().stream().anyMatch(n -> n > 1), "a worker ran several attempts: " + attemptsByWorker);
        Map<String, Double> after = downloadsByWorker();
        for (String worker : cluster.shufflePorts().keySet()) {
            double expectedDownloads = attemptsByWorker.containsKey(worker) ? 1 : 0;
            assertEquals(expectedDownloads, after.get(worker) - before.get(worker), "downloads on " + worker
                    + ", which ran " + attemptsByWorker.get(worker) + " attempts of the job");
        }
    }

    private static Map<String, Double> downloadsByWorker() throws Exception {
        Map<String, Double> downloads = new TreeMap<>();
        for (Map.Entry<String, Integer> worker : cluster.shufflePorts().entrySet()) {
            downloads.put(worker.getKey(), scrape(worker.getValue()).getOrDefault(DOWNLOADS, 0.0));
        }
        return downloads;
    }

    @Test
    void aTaskOpeningASideFileThatWasNotShipped_failsNamingItAndTheShippedOnes() throws Exception {
        Path other = Files.writeString(dir.resolve("other.txt"), "x\n");
        JsonObject spec = new JsonObject().put("input", new JsonArray().add(BundledJobs.sampleInput().toString()))
                .put("output", dir.resolve("missing").toString()).put("maxAttempts", 1)
                .put("params", new JsonObject().put("stopFile", "stop.txt"));
        String id = cluster.rest().submit(jar, spec, List.of(SideFileArgument.parse(other + "#other.txt"),
                SideFileArgument.parse(stopWords.toString()))).getString("id");

        JsonObject job = cluster.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("FAILED", job.getString("state"), job.encode());
        String error = job.getString("error");
        assertTrue(error.contains("'stop.txt'") && error.contains("other.txt, stopwords.txt"), error);
    }

    private static String onlyJob() throws Exception {
        Set<String> ids = new HashSet<>();
        for (Object job : cluster.rest().jobs()) {
            if (((JsonObject) job).getString("output", "").endsWith("wc")) {
                ids.add(((JsonObject) job).getString("id"));
            }
        }
        assertEquals(1, ids.size(), "jobs writing wc: " + ids);
        return ids.iterator().next();
    }

    private static Map<String, Double> scrape(int shufflePort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + shufflePort + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.parse(response.body());
    }
}
