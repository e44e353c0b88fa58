package io.gristmill.worker.internal.shuffle;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static io.gristmill.worker.internal.shuffle.TestMapOutputs.SECRET;
import static io.gristmill.worker.internal.shuffle.TestMapOutputs.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(60)
class ShuffleServerTest {
    private static Vertx vertx;
    private static final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;
    private Path work;
    private MapOutputRegistry registry;
    private ShuffleServer server;
    private int port;
    private TestMapOutputs.Written output;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @BeforeEach
    void serveOneMapOutput() throws Exception {
        work = tmp.resolve("work");
        registry = new MapOutputRegistry(work);
        output = TestMapOutputs.write(work.resolve("job-1"), "m-00000-1", 100, 0, 2500);
        registry.register("job-1", SECRET, output.attemptId(), output.dataFile(), output.indexFile());
        server = new ShuffleServer(vertx, registry);
        port = await(server.start("127.0.0.1", 0));
    }

    @org.junit.jupiter.api.AfterEach
    void stopServer() throws Exception {
        await(server.close());
    }

    @Test
    void aPartitionIsServedWithItsLengthRecordCountAndCrcFromTheIndex() throws Exception {
        HttpResponse<byte[]> response = get("/shuffle/job-1/2/m-00000-1", SECRET);
        assertEquals(200, response.statusCode());
        byte[] expected = output.partitions().get(2);
        assertArrayEquals(expected, response.body());
        CRC32C crc = new CRC32C();
        crc.update(expected);
        assertEquals(String.format("%08x", crc.getValue()), header(response, "X-Gristmill-Crc32c"));
        assertEquals(Integer.toString(expected.length), header(response, "X-Gristmill-Partition-Length"));
        assertEquals("2500", header(response, "X-Gristmill-Records"));
        assertEquals("m-00000-1", header(response, "X-Gristmill-Map-Attempt"));
        assertEquals(port, server.port());
    }

    @Test
    void anEmptyPartitionIsServedAsAnEmptyBody() throws Exception {
        HttpResponse<byte[]> response = get("/shuffle/job-1/1/m-00000-1", SECRET);
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
        assertEquals("00000000", header(response, "X-Gristmill-Crc32c"));
    }

    @Test
    void theJobCanBeNamedByItsSecretAlone() throws Exception {
        HttpResponse<byte[]> response = get("/shuffle/-/0/m-00000-1", SECRET);
        assertEquals(200, response.statusCode());
        assertArrayEquals(output.partitions().get(0), response.body());
        assertEquals(403, get("/shuffle/-/0/m-00000-1", "not-the-secret").statusCode());
    }

    @Test
    void aRequestWithoutTheSecretOrWithAWrongOneIsForbidden() throws Exception {
        assertEquals(403, get("/shuffle/job-1/0/m-00000-1", null).statusCode());
        assertEquals(403, get("/shuffle/job-1/0/m-00000-1", "wrong").statusCode());
        assertEquals(403, get("/shuffle/job-1/0/m-00000-1", SECRET + "x").statusCode());
    }

    @Test
    void anUnknownJobAttemptOrPartitionIsNotFound() throws Exception {
        assertEquals(404, get("/shuffle/job-1/0/m-00009-1", SECRET).statusCode());
        assertEquals(404, get("/shuffle/job-2/0/m-00000-1", SECRET).statusCode());
        assertEquals(404, get("/shuffle/job-1/3/m-00000-1", SECRET).statusCode());
    }

    @Test
    void anOutputWhoseFilesWereDeletedIsNotFound() throws Exception {
        Files.delete(output.indexFile());
        Files.delete(output.dataFile());
        assertEquals(404, get("/shuffle/job-1/0/m-00000-1", SECRET).statusCode());
    }

    @Test
    void pathTraversalInAnyPartOfThePathNeverReadsAFileOutsideTheWorkDir() throws Exception {
        Files.writeString(tmp.resolve("outside.data"), "do not serve");
        String[] attacks = {
            "/shuffle/job-1/0/../../outside.data",
            "/shuffle/../../outside.data",
            "/shuffle/../0/m-00000-1",
            "/shuffle/job-1/0/..%2F..%2Foutside.data",
            "/shuffle/%2e%2e/0/m-00000-1",
            "/shuffle/job-1/0/.",
            "/shuffle/job-1/0/m-00000-1/../../../outside",
            "/shuffle/job-1/-1/m-00000-1",
        };
        for (String path : attacks) {
            int status = rawStatus(path);
            assertEquals(400, status, path);
        }
    }

    @Test
    void onlyGetAndPostAreAllowedAndPostOnlyForBatches() throws Exception {
        HttpRequest put = HttpRequest.newBuilder(uri("/shuffle/job-1/0/m-00000-1"))
                .header("X-Gristmill-Secret", SECRET).PUT(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(405, http.send(put, HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(400, post("/shuffle/job-1/0/m-00000-1", SECRET, "m-00000-1").statusCode());
    }

    @Test
    void aBatchAnswersThePartitionOfEveryAskedMapFramedInTheOrderAsked() throws Exception {
        TestMapOutputs.Written second = TestMapOutputs.write(work.resolve("job-1"), "m-00001-1", 7, 0, 30_000);
        registry.register("job-1", SECRET, second.attemptId(), second.dataFile(), second.indexFile());
        HttpResponse<byte[]> response = post("/shuffle/job-1/2", SECRET, "m-00001-1\nm-00000-1");
        assertEquals(200, response.statusCode());
        assertEquals("2", header(response, "X-Gristmill-Segments"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        List<long[]> segments = new ArrayList<>();
        SegmentFrameDecoder decoder = new SegmentFrameDecoder(List.of("m-00001-1", "m-00000-1"),
                java.nio.channels.Channels.newChannel(bytes), (i, offset, length) -> segments.add(
                        new long[] {i, offset, length}));
        decoder.feed(java.nio.ByteBuffer.wrap(response.body()));
        decoder.finish();
        byte[] all = bytes.toByteArray();
        assertEquals(2, segments.size());
        assertArrayEquals(second.partitions().get(2), Arrays.copyOfRange(all, 0, (int) segments.get(0)[2]));
        assertArrayEquals(output.partitions().get(2), Arrays.copyOfRange(all, (int) segments.get(1)[1],
                all.length));
        assertEquals(2 * SegmentFrames.headerLength("m-00000-1".length()),
                post("/shuffle/job-1/1", SECRET, "m-00000-1\nm-00001-1").body().length,
                "empty partitions are frames of length 0");
    }

    @Test
    void aBatchWithAnUnknownMapIsNotFoundNamingThatMapBeforeAnyByteIsSent() throws Exception {
        HttpResponse<byte[]> response = post("/shuffle/job-1/0", SECRET, "m-00000-1\nm-00009-1");
        assertEquals(404, response.statusCode());
        assertEquals("m-00009-1", header(response, "X-Gristmill-Map-Attempt"));
    }

    @Test
    void aBatchIsRefusedWithoutTheSecretOrWithABadList() throws Exception {
        assertEquals(403, post("/shuffle/job-1/0", "wrong", "m-00000-1").statusCode());
        assertEquals(400, post("/shuffle/job-1/0", SECRET, "").statusCode());
        assertEquals(400, post("/shuffle/job-1/0", SECRET, "m-00000-1\nm-00000-1").statusCode(), "twice");
        assertEquals(400, post("/shuffle/job-1/0", SECRET, "../m-00000-1").statusCode());
        assertEquals(400, post("/shuffle/job-1/0", SECRET, "m-00000-1\n").statusCode(), "an empty line");
        assertEquals(400, post("/shuffle/job-1/x", SECRET, "m-00000-1").statusCode());
        String tooMany = String.join("\n", java.util.Collections.nCopies(ShuffleProtocol.MAX_BATCH + 1, "m"));
        assertEquals(400, post("/shuffle/job-1/0", SECRET, tooMany).statusCode());
    }

    private HttpResponse<byte[]> post(String path, String secret, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("X-Gristmill-Secret", secret)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path, String secret) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (secret != null) {
            b.header("X-Gristmill-Secret", secret);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Sends the path exactly as written (no client normalizes it) and returns the status code. */
    private int rawStatus(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Gristmill-Secret: " + SECRET
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
