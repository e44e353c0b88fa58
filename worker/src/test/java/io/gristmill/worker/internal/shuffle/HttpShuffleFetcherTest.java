package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.Segment;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.gristmill.worker.internal.shuffle.TestMapOutputs.SECRET;
import static io.gristmill.worker.internal.shuffle.TestMapOutputs.await;
import static io.gristmill.worker.internal.shuffle.TestMapOutputs.bytesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class HttpShuffleFetcherTest {
    private static final HttpShuffleFetcher.Settings FAST = new HttpShuffleFetcher.Settings(3,
            Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(10), 4);
    private static Vertx vertx;

    @TempDir
    Path tmp;
    private final List<ShuffleServer> servers = new ArrayList<>();
    private final HttpShuffleFetcher fetcher = new HttpShuffleFetcher("reducer-worker", FAST);

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @AfterEach
    void stopServers() throws Exception {
        for (ShuffleServer s : servers) {
            await(s.close());
        }
    }

    /** A worker: its work dir, registry and running shuffle server. */
    private record Worker(String id, Path work, MapOutputRegistry registry, int port) {
        MapOutputLocation serve(TestMapOutputs.Written output) {
            registry.register("job-1", SECRET, output.attemptId(), output.dataFile(), output.indexFile());
            return output.location(id, port);
        }
    }

    private Worker startWorker(String id) throws Exception {
        Path work = tmp.resolve(id);
        MapOutputRegistry registry = new MapOutputRegistry(work);
        ShuffleServer server = new ShuffleServer(vertx, registry);
        int port = await(server.start("127.0.0.1", 0));
        servers.add(server);
        return new Worker(id, work, registry, port);
    }

    private Path scratch() throws IOException {
        return Files.createDirectories(tmp.resolve("scratch"));
    }

    @Test
    void everyPartitionOfARemoteMapOutputArrivesByteForByteInAFileNamedByTheMapAttempt() throws Exception {
        Worker mapper = startWorker("map-worker");
        TestMapOutputs.Written output = TestMapOutputs.write(mapper.work().resolve("job-1"), "m-00000-1",
                300, 0, 20_000, 1);
        MapOutputLocation location = mapper.serve(output);
        for (int p = 0; p < 4; p++) {
            Segment segment = fetcher.fetch("job-1", location, p, scratch(), SECRET);
            assertEquals(scratch().resolve("m-00000-1-" + p + ".seg"), segment.file());
            assertEquals(0, segment.offset());
            assertArrayEquals(output.partitions().get(p), bytesOf(segment));
            assertEquals(Files.size(segment.file()), segment.length());
        }
    }

    @Test
    void theShuffleFetcherInterfaceFindsTheJobByItsSecret() throws Exception {
        Worker mapper = startWorker("map-worker");
        TestMapOutputs.Written output = TestMapOutputs.write(mapper.work().resolve("job-1"), "m-00003-2", 10, 20);
        Segment segment = fetcher.fetch(mapper.serve(output), 1, scratch(), SECRET);
        assertArrayEquals(output.partitions().get(1), bytesOf(segment));
    }

    @Test
    void anOutputOfThisSameWorkerIsReadInPlaceWithoutCopying() throws Exception {
        Path work = tmp.resolve("reducer-worker");
        TestMapOutputs.Written output = TestMapOutputs.write(work.resolve("job-1"), "m-00001-1", 5, 7, 9);
        MapOutputLocation location = new MapOutputLocation("m-00001", "m-00001-1", "reducer-worker", "127.0.0.1",
                1, output.dataFile().toString(), output.indexFile().toString());
        Segment segment = fetcher.fetch("job-1", location, 2, scratch(), SECRET);
        assertEquals(output.dataFile(), segment.file());
        assertArrayEquals(output.partitions().get(2), bytesOf(segment));
        try (Stream<Path> files = Files.list(scratch())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aCorruptDataFileIsRetriedThenFailsNamingTheAttemptAndHostAndLeavesNoFile() throws Exception {
        Worker mapper = startWorker("map-worker");
        TestMapOutputs.Written output = TestMapOutputs.write(mapper.work().resolve("job-1"), "m-00002-1", 50, 50);
        MapOutputLocation location = mapper.serve(output);
        long offsetInPartition1 = output.partitions().get(0).length + 10;
        try (RandomAccessFile f = new RandomAccessFile(output.dataFile().toFile(), "rw")) {
            f.seek(offsetInPartition1);
            int b = f.read();
            f.seek(offsetInPartition1);
            f.write(b ^ 0x5a);
        }
        assertArrayEquals(output.partitions().get(0), bytesOf(fetcher.fetch("job-1", location, 0, scratch(),
                SECRET)));
        FetchFailedException e = assertThrows(FetchFailedException.class,
                () -> fetcher.fetch("job-1", location, 1, scratch(), SECRET));
        assertEquals("m-00002-1", e.mapAttemptId());
        assertEquals("127.0.0.1:" + mapper.port(), e.host());
        assertTrue(e.getMessage().contains("3 tries") && e.getMessage().contains("CRC32C"), e.getMessage());
        assertTrue(Files.notExists(scratch().resolve("m-00002-1-1.seg")));
    }

    @Test
    void aServerDyingInTheMiddleOfTheBodyIsRetriedThenFailsAndLeavesNoPartialFile() throws Exception {
        try (DyingServer dying = new DyingServer("m-00004-1", 100_000, 30_000)) {
            MapOutputLocation location = new MapOutputLocation("m-00004", "m-00004-1", "map-worker", "127.0.0.1",
                    dying.port(), "/nowhere.data", "/nowhere.index");
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch("job-1", location, 0, scratch(), SECRET));
            assertEquals("m-00004-1", e.mapAttemptId());
            assertEquals(3, dying.requests());
            try (Stream<Path> files = Files.list(scratch())) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void aServerThatStopsSendingIsGivenUpOnAfterTheIdleTimeout() throws Exception {
        HttpShuffleFetcher impatient = new HttpShuffleFetcher("reducer-worker", new HttpShuffleFetcher.Settings(2,
                Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofMillis(300), 4));
        try (DyingServer stalling = new DyingServer("m-00008-1", 100_000, 1000, true)) {
            MapOutputLocation location = new MapOutputLocation("m-00008", "m-00008-1", "map-worker", "127.0.0.1",
                    stalling.port(), "", "");
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> impatient.fetch("job-1", location, 0, scratch(), SECRET));
            assertTrue(e.getMessage().contains("no progress"), e.getMessage());
            assertEquals(2, stalling.requests());
            assertTrue(Files.notExists(scratch().resolve("m-00008-1-0.seg")));
        }
    }

    @Test
    void aLargePartitionArrivesIntact() throws Exception {
        Worker mapper = startWorker("map-worker");
        TestMapOutputs.Written output = TestMapOutputs.write(mapper.work().resolve("job-1"), "m-00009-1", 7,
                300_000);
        Segment segment = fetcher.fetch("job-1", mapper.serve(output), 1, scratch(), SECRET);
        assertTrue(segment.length() > 10_000_000, "partition of " + segment.length() + " bytes");
        assertArrayEquals(output.partitions().get(1), bytesOf(segment));
    }

    @Test
    void aStoppedServerMakesTheFetchFail() throws Exception {
        Worker mapper = startWorker("map-worker");
        TestMapOutputs.Written output = TestMapOutputs.write(mapper.work().resolve("job-1"), "m-00005-1", 10);
        MapOutputLocation location = mapper.serve(output);
        assertArrayEquals(output.partitions().get(0), bytesOf(fetcher.fetch("job-1", location, 0, scratch(),
                SECRET)));
        await(servers.remove(0).close());
        Files.delete(scratch().resolve("m-00005-1-0.seg"));
        FetchFailedException e = assertThrows(FetchFailedException.class,
                () -> fetcher.fetch("job-1", location, 0, scratch(), SECRET));
        assertEquals("127.0.0.1:" + mapper.port(), e.host());
        assertTrue(Files.notExists(scratch().resolve("m-00005-1-0.seg")));
    }

    @Test
    void aMissingOutputOrWrongSecretFailsAtOnceWithoutRetrying() throws Exception {
        Worker mapper = startWorker("map-worker");
        TestMapOutputs.Written output = TestMapOutputs.write(mapper.work().resolve("job-1"), "m-00006-1", 10);
        MapOutputLocation location = mapper.serve(output);
        MapOutputLocation gone = new MapOutputLocation("m-00007", "m-00007-1", "map-worker", "127.0.0.1",
                mapper.port(), "", "");
        FetchFailedException notFound = assertThrows(FetchFailedException.class,
                () -> fetcher.fetch("job-1", gone, 0, scratch(), SECRET));
        assertTrue(notFound.getMessage().contains("HTTP 404"), notFound.getMessage());
        FetchFailedException forbidden = assertThrows(FetchFailedException.class,
                () -> fetcher.fetch("job-1", location, 0, scratch(), "wrong"));
        assertTrue(forbidden.getMessage().contains("HTTP 403"), forbidden.getMessage());
        try (Stream<Path> files = Files.list(scratch())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void mapsOnTwoServersAreFetchedInParallelAndReturnedInMapOrder() throws Exception {
        Worker a = startWorker("worker-a");
        Worker b = startWorker("worker-b");
        List<MapOutputLocation> locations = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            Worker w = m % 2 == 0 ? a : b;
            TestMapOutputs.Written output = TestMapOutputs.write(w.work().resolve("job-1"),
                    String.format("m-%05d-1", m), 100 * m, 1000 + m);
            locations.add(w.serve(output));
            expected.add(output.partitions().get(1));
        }
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        List<Segment> segments = fetcher.fetchAll("job-1", locations, 1, scratch(), SECRET, fetched::incrementAndGet);
        assertEquals(6, segments.size());
        assertEquals(6, fetched.get(), "each fetched map output is reported, for the reducer's activity");
        for (int m = 0; m < 6; m++) {
            assertEquals(scratch().resolve(m % 2 == 0 ? "m-00000-1-1.segs" : "m-00001-1-1.segs"),
                    segments.get(m).file(), "one batch per host");
            assertArrayEquals(expected.get(m), bytesOf(segments.get(m)));
        }
    }

    @Test
    void whenOneHostFailsFetchAllThrowsAndDeletesWhatItDownloaded() throws Exception {
        Worker a = startWorker("worker-a");
        TestMapOutputs.Written good = TestMapOutputs.write(a.work().resolve("job-1"), "m-00000-1", 10, 10);
        try (DyingServer dying = new DyingServer("m-00001-1", 5000, 100)) {
            List<MapOutputLocation> locations = List.of(a.serve(good), new MapOutputLocation("m-00001",
                    "m-00001-1", "worker-b", "127.0.0.1", dying.port(), "", ""));
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetchAll("job-1", locations, 1, scratch(), SECRET));
            assertEquals("m-00001-1", e.mapAttemptId());
        }
        try (Stream<Path> files = Files.list(scratch())) {
            assertEquals(0, files.count());
        }
    }

    private static final HttpShuffleFetcher.Settings BATCHES_OF_3 = new HttpShuffleFetcher.Settings(3,
            Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(10), 4, 3);

    @Test
    void theMapsOfOneHostArriveInOneRequestPerBatchEachBatchInOneFile() throws Exception {
        Worker a = startWorker("worker-a");
        Worker b = startWorker("worker-b");
        List<MapOutputLocation> locations = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            Worker w = m < 7 ? a : b;
            TestMapOutputs.Written output = TestMapOutputs.write(w.work().resolve("job-1"),
                    String.format("m-%05d-1", m), 10 * m, m == 3 ? 0 : 500 + m);
            locations.add(w.serve(output));
            expected.add(output.partitions().get(1));
        }
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        List<Segment> segments = new HttpShuffleFetcher("reducer-worker", BATCHES_OF_3)
                .fetchAll("job-1", locations, 1, scratch(), SECRET, fetched::incrementAndGet);
        assertEquals(8, fetched.get(), "each map output is reported once");
        for (int m = 0; m < 8; m++) {
            assertArrayEquals(expected.get(m), bytesOf(segments.get(m)), "map " + m);
        }
        assertEquals(scratch().resolve("m-00000-1-1.segs"), segments.get(2).file(), "maps 0-2: one batch");
        assertEquals(scratch().resolve("m-00006-1-1.segs"), segments.get(6).file(), "map 6: a batch of its own");
        assertEquals(scratch().resolve("m-00007-1-1.seg"), segments.get(7).file(), "host b's single map");
        try (Stream<Path> files = Files.list(scratch())) {
            assertEquals(4, files.count(), "3 batches from host a, 1 plain fetch from host b");
        }
    }

    @Test
    void aBatchThatBreaksOffKeepsWhatArrivedWholeAndAsksAgainOnlyForTheRest() throws Exception {
        java.util.Map<String, byte[]> partitions = new java.util.LinkedHashMap<>();
        List<MapOutputLocation> locations = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            String id = String.format("m-%05d-1", m);
            partitions.put(id, ("partition of " + id).repeat(100 * (m + 1)).getBytes());
        }
        try (BreakingBatchServer server = new BreakingBatchServer(partitions, 1, 0)) {
            for (String id : partitions.keySet()) {
                locations.add(new MapOutputLocation(id.substring(0, 7), id, "worker-b", "127.0.0.1",
                        server.port(), "", ""));
            }
            java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
            List<Segment> segments = new HttpShuffleFetcher("reducer-worker", BATCHES_OF_3)
                    .fetchAll("job-1", locations, 0, scratch(), SECRET, fetched::incrementAndGet);
            assertEquals(List.of(List.of("m-00000-1", "m-00001-1", "m-00002-1"), List.of("m-00001-1", "m-00002-1"),
                    List.of("m-00001-1", "m-00002-1")), server.asked());
            assertEquals(3, fetched.get(), "a map that arrived in a broken try is counted once, not again");
            int m = 0;
            for (byte[] expected : partitions.values()) {
                assertArrayEquals(expected, bytesOf(segments.get(m++)));
            }
            try (Stream<Path> files = Files.list(scratch())) {
                assertEquals(2, files.count(), "the try that brought nothing left no file");
            }
        }
    }

    @Test
    void aBatchThatStopsGettingFurtherFailsNamingTheMapItBrokeOffInAndLeavesNoFile() throws Exception {
        java.util.Map<String, byte[]> partitions = new java.util.LinkedHashMap<>();
        List<MapOutputLocation> locations = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            String id = String.format("m-%05d-1", m);
            partitions.put(id, ("data " + m).repeat(1000).getBytes());
        }
        try (BreakingBatchServer server = new BreakingBatchServer(partitions, 1, 0, 0, 0, 0)) {
            for (String id : partitions.keySet()) {
                locations.add(new MapOutputLocation(id.substring(0, 7), id, "worker-b", "127.0.0.1",
                        server.port(), "", ""));
            }
            FetchFailedException e = assertThrows(FetchFailedException.class, () -> new HttpShuffleFetcher(
                    "reducer-worker", BATCHES_OF_3).fetchAll("job-1", locations, 0, scratch(), SECRET));
            assertEquals("m-00001-1", e.mapAttemptId());
            assertEquals("127.0.0.1:" + server.port(), e.host());
            assertTrue(e.getMessage().contains("3 tries"), e.getMessage());
            assertEquals(4, server.asked().size(), "one try with progress, then 3 without");
        }
        try (Stream<Path> files = Files.list(scratch())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aCorruptPartitionInABatchFailsNamingItsMap() throws Exception {
        Worker a = startWorker("worker-a");
        List<MapOutputLocation> locations = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            TestMapOutputs.Written output = TestMapOutputs.write(a.work().resolve("job-1"),
                    String.format("m-%05d-1", m), 200);
            locations.add(a.serve(output));
            if (m == 1) {
                try (RandomAccessFile f = new RandomAccessFile(output.dataFile().toFile(), "rw")) {
                    f.seek(100);
                    int x = f.read();
                    f.seek(100);
                    f.write(x ^ 0x5a);
                }
            }
        }
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> new HttpShuffleFetcher(
                "reducer-worker", BATCHES_OF_3).fetchAll("job-1", locations, 0, scratch(), SECRET));
        assertEquals("m-00001-1", e.mapAttemptId());
        assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());
        try (Stream<Path> files = Files.list(scratch())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aBatchWithAMapTheHostDoesNotHaveFailsAtOnceNamingThatMap() throws Exception {
        Worker a = startWorker("worker-a");
        List<MapOutputLocation> locations = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            locations.add(a.serve(TestMapOutputs.write(a.work().resolve("job-1"), String.format("m-%05d-1", m),
                    20)));
        }
        locations.add(1, new MapOutputLocation("m-00005", "m-00005-1", "worker-a", "127.0.0.1", a.port(), "", ""));
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> new HttpShuffleFetcher(
                "reducer-worker", BATCHES_OF_3).fetchAll("job-1", locations, 0, scratch(), SECRET));
        assertEquals("m-00005-1", e.mapAttemptId());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }
}
