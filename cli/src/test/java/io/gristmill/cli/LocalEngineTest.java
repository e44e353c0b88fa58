package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.gristmill.cli.testjobs.SecondarySort;
import io.gristmill.cli.testjobs.UpperCaseMapOnly;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole engine in one JVM (coordinator + worker verticles over the event bus) on real files and threads. */
class LocalEngineTest {
    private static final String GUTENBERG = BundledJobs.sampleInput().toString();

    @TempDir
    static Path shared;
    private static LocalCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(3, shared.resolve("work"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    private JobStatus run(JobSpec spec) throws Exception {
        return LocalJobs.run(cluster, spec);
    }

    private JobSpec.Builder bundled(String job, Path output) {
        return JobSpec.builder(BundledJobs.jar()).jobClass(BundledJobs.className(job))
                .input(List.of(GUTENBERG)).output(output.toString());
    }

    @Test
    void wordCountWithManySplitsThreeReducersAndSpills_equalsSequentialCount() throws Exception {
        Path output = dir.resolve("wc");
        JobStatus status = run(bundled("wordcount", output).splitSize(256 << 10).reducers(3).sortBuffer(1L << 20).build());

        assertEquals(JobState.SUCCEEDED, status.state(), status.error());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(output));
        assertEquals(3, Outputs.partFiles(output).size());
        assertTrue(Files.exists(output.resolve("_SUCCESS")));
        assertFalse(Files.exists(output.resolve("_temporary")));
        assertTrue(status.maps().total() > 8, "several splits per file");
    }

    @Test
    void invertedIndexWithManySplitsAndSpills_equalsSequentialIndex() throws Exception {
        Path output = dir.resolve("ii");
        JobStatus status = run(bundled("invertedindex", output).splitSize(256 << 10).reducers(3).sortBuffer(1L << 20).build());

        assertEquals(JobState.SUCCEEDED, status.state(), status.error());
        Outputs.assertSameEntries(Outputs.sequentialInvertedIndex(Outputs.gutenbergFiles()), Outputs.keyValues(output));
    }

    @Test
    void whenSortBufferIsSmall_thenMapSideSpillsAndOutputIsStillExact() throws Exception {
        Path output = dir.resolve("spill");
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        JobStatus status = run(JobSpec.builder(jar).input(List.of(GUTENBERG)).output(output.toString())
                .reducers(2).sortBuffer(256L << 10).build());

        assertEquals(JobState.SUCCEEDED, status.state(), status.error());
        assertTrue(status.counters().get("gristmill").get("SPILLS") > status.maps().total(), status.counters().toString());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(output));
    }

    @Test
    void whenMapperThrowsOnOneRecord_thenJobFailsAfterMaxAttemptsNamingTaskAndLeavesNoPartFiles() throws Exception {
        Path output = dir.resolve("failing");
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        JobStatus status = run(JobSpec.builder(jar).input(List.of(GUTENBERG)).output(output.toString())
                .params(Map.of("failOn", "Gregor Samsa")).maxAttempts(2).build());

        assertEquals(JobState.FAILED, status.state());
        assertTrue(status.errorTask().startsWith("m-"), status.errorTask());
        assertTrue(status.error().contains(status.errorTask()), status.error());
        assertTrue(status.error().contains("poisoned record at offset"), status.error());
        assertTrue(status.errorStackTrace().contains("FlakyMapper.map"), status.errorStackTrace());
        assertFalse(Files.exists(output), "a failed job removes its output folder");
    }

    @Test
    void whenMapperThrowsOnlyOnItsFirstAttempt_thenJobSucceedsWithCompleteOutput() throws Exception {
        Path output = dir.resolve("flaky");
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        JobStatus status = run(JobSpec.builder(jar).input(List.of(GUTENBERG)).output(output.toString())
                .params(Map.of("failOn", "Gregor Samsa", "firstAttemptOnly", "true")).build());

        assertEquals(JobState.SUCCEEDED, status.state(), status.error());
        Outputs.assertSameEntries(Outputs.sequentialWordCount(Outputs.gutenbergFiles()), Outputs.keyValues(output));
    }

    @Test
    void secondarySort_deliversEachGroupsValuesInSortOrderInOneReduceCall() throws Exception {
        Path input = dir.resolve("pairs.txt");
        List<String> lines = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            lines.add("g" + random.nextInt(50) + "," + (random.nextInt(2_000_000) - 1_000_000));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path output = dir.resolve("secondary");
        JobStatus status = run(JobSpec.builder(TestJars.jarOf(dir, SecondarySort.class)).input(List.of(input.toString()))
                .output(output.toString()).splitSize(32 << 10).reducers(3).sortBuffer(64L << 10).build());

        assertEquals(JobState.SUCCEEDED, status.state(), status.error());
        Map<String, String> groups = Outputs.keyValues(output);
        assertEquals(50, groups.size(), "one reduce call per group");
        long values = 0;
        for (Map.Entry<String, String> group : groups.entrySet()) {
            assertFalse(group.getValue().endsWith("!unsorted"), group.getKey());
            values += group.getValue().split(",").length;
        }
        assertEquals(lines.size(), values);
    }

    @Test
    void mapOnlyJob_writesPartMFilesThroughTheCommitProtocol() throws Exception {
        Path input = dir.resolve("lines.txt");
        Files.writeString(input, "alpha\nbeta\r\ngamma\nδέλτα");
        Path output = dir.resolve("maponly");
        JobStatus status = run(JobSpec.builder(TestJars.jarOf(dir, UpperCaseMapOnly.class)).input(List.of(input.toString()))
                .output(output.toString()).splitSize(8).build());

        assertEquals(JobState.SUCCEEDED, status.state(), status.error());
        List<Path> parts = Outputs.partFiles(output);
        assertTrue(parts.stream().allMatch(p -> p.getFileName().toString().startsWith("part-m-")), parts.toString());
        assertEquals(List.of("ALPHA", "BETA", "GAMMA", "δέλτα".toUpperCase(Locale.ROOT)), Outputs.lines(output));
        assertTrue(Files.exists(output.resolve("_SUCCESS")));
    }

    @Test
    void whenManyMapsTakeMilliseconds_thenTheyRunInBundlesAndEveryLineIsWrittenOnce() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(String.format("w%03d", i)); // 5 bytes with its newline: one map task per line
        }
        Path input = Files.write(dir.resolve("words.txt"), lines);
        Path output = dir.resolve("bundled");
        var registry = cluster.coordinator().metrics().registry();
        long attemptsBefore = registry.counter("gristmill.coordinator.tasks.started").getCount();
        long messagesBefore = registry.counter("gristmill.coordinator.run_messages").getCount();

        JobStatus status = run(JobSpec.builder(TestJars.jarOf(dir, UpperCaseMapOnly.class)).input(List.of(input.toString()))
                .output(output.toString()).splitSize(5).build());

        assertEquals(JobState.SUCCEEDED, status.state(), status.error());
        assertEquals(300, status.maps().total());
        List<String> expected = lines.stream().map(line -> line.toUpperCase(Locale.ROOT)).sorted().toList();
        assertEquals(expected, Outputs.lines(output).stream().sorted().toList());
        assertEquals(300, Outputs.partFiles(output).size());
        long attempts = registry.counter("gristmill.coordinator.tasks.started").getCount() - attemptsBefore;
        long messages = registry.counter("gristmill.coordinator.run_messages").getCount() - messagesBefore;
        assertEquals(300, attempts, "every map ran once");
        assertTrue(messages < attempts / 2, "short maps were sent in bundles: " + messages + " RUN messages");
    }

    @Test
    void whenOutputFolderExists_thenSubmissionIsRejectedNamingOutput() throws Exception {
        Path output = Files.createDirectory(dir.resolve("exists"));
        var failure = cluster.coordinator().submit(bundled("wordcount", output).build())
                .toCompletionStage().toCompletableFuture();
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failure.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof io.gristmill.coordinator.SpecException, e.toString());
        assertEquals("output", ((io.gristmill.coordinator.SpecException) e.getCause()).field());
    }
}
