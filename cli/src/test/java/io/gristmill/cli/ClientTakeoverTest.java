package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.gristmill.client.GristmillClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI given both coordinators' URLs, against real processes: {@code submit --wait} is still waiting when the
 * active coordinator is killed with -9, follows the job to the standby that takes over, and exits 0 when the job
 * succeeds there.
 */
class ClientTakeoverTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void submitWait_withBothCoordinatorUrls_exitsZeroAfterTheStandbyTookOver() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(dir, 1, 2)) {
            Process standby = cluster.startStandby();
            String urls = cluster.url() + "," + cluster.standbyUrl(standby);
            Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
            Path out = dir.resolve("out");
            // r-00001 sleeps in the first term only: the job cannot end before the takeover
            CompletableFuture<Integer> submit = CompletableFuture.supplyAsync(() -> Gristmill.execute("submit",
                    jar.toString(), "--input", BundledJobs.sampleInput().toString(), "--output", out.toString(),
                    "--reducers", "2", "--param", "slowBeforeResume=r-00001", "--wait", "--coordinator", urls));
            GristmillClient client = GristmillClient.builder().coordinators(urls).build();
            String id = ProcessCluster.poll(TIMEOUT, () -> client.jobs().isEmpty() ? null : client.jobs().get(0).id(),
                    found -> found != null);
            cluster.awaitJob(id, j -> j.getJsonObject("reduces").getInteger("succeeded") == 1, TIMEOUT);

            ProcessCluster.kill9(cluster.coordinator());

            assertEquals(0, submit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "submit --wait across the takeover");
            assertTrue(Files.exists(out.resolve("_SUCCESS")));
            assertEquals("SUCCEEDED", client.job(id).state().name(), "the client's next request finds the new coordinator");
            assertEquals(cluster.standbyUrl(standby) + "/", client.coordinator().toString());
        }
    }
}
