package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs share slots fairly: a small job submitted behind a big one does not wait for the big one's maps. */
class FairSchedulingTest {
    @TempDir
    static Path dir;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(2, dir.resolve("work"));
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void smallJobSubmittedBehindABigOne_finishesWhileTheBigOneIsStillMapping() throws Exception {
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        String big = LocalJobs.submit(cluster, JobSpec.builder(jar).input(List.of(BundledJobs.sampleInput().toString()))
                .output(dir.resolve("big").toString()).splitSize(64 << 10).reducers(1)
                .params(Map.of("mapSleepMillis", "500")).build());
        String small = LocalJobs.submit(cluster, JobSpec.builder(jar).input(List.of(BundledJobs.sampleInput().resolve("pg-metamorphosis.txt").toString()))
                .output(dir.resolve("small").toString()).reducers(1).build());

        JobStatus smallDone = LocalJobs.awaitEnd(cluster, small);
        JobStatus bigThen = LocalJobs.status(cluster, big);

        assertEquals(JobState.SUCCEEDED, smallDone.state());
        assertTrue(bigThen.maps().succeeded() < bigThen.maps().total() / 2,
                "the big job had finished " + bigThen.maps().succeeded() + " of " + bigThen.maps().total() + " maps");
        cluster.coordinator().kill(big).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

}
