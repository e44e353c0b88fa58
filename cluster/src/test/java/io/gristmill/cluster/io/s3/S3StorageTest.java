package io.gristmill.cluster.io.s3;

import io.gristmill.cluster.io.JobOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3Storage, S3Lister, S3AttemptOutput and S3JobOutput against a real S3 server (s3proxy) on 127.0.0.1. */
class S3StorageTest {
    private static final int PART = 5 << 20; // S3's least part size
    private static S3ProxyServer server;
    private static S3Storage storage;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
        server.createBucket("data");
        S3ProxyServer.useItsCredentials();
        storage = new S3Storage(new S3Settings(server.endpoint(), null, null), PART, 97);
    }

    @AfterAll
    static void stop() throws Exception {
        storage.close();
        server.close();
    }

    private static void put(String key, byte[] bytes) {
        storage.client().putObject(b -> b.bucket("data").key(key), RequestBody.fromBytes(bytes));
    }

    private static byte[] get(String key) {
        return storage.client().getObjectAsBytes(b -> b.bucket("data").key(key)).asByteArray();
    }

    private static List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        storage.client().listObjectsV2Paginator(b -> b.bucket("data").prefix(prefix)).contents()
                .forEach(o -> keys.add(o.key()));
        return keys;
    }

    @Test
    void listingAFolder_skipsNamesStartingWithUnderscoreOrDot_atAnyDepth() throws IOException {
        for (String key : List.of("in/a.txt", "in/sub/b.txt", "in/_SUCCESS", "in/.hidden", "in/_temporary/x",
                "in/sub/.c", "inside/not-below.txt")) {
            put(key, "x\n".getBytes(StandardCharsets.UTF_8));
        }
        TreeMap<String, Long> listed = new TreeMap<>();
        new S3Lister(storage).list(S3Location.parse("s3://data/in/"), listed::put);
        assertEquals(List.of("s3://data/in/a.txt", "s3://data/in/sub/b.txt"), List.copyOf(listed.keySet()));
        assertEquals(2L, listed.get("s3://data/in/a.txt"));
    }

    @Test
    void listingAnObjectByName_takesItEvenIfItsNameStartsWithUnderscore() throws IOException {
        put("one/_odd.txt", new byte[5]);
        List<String> listed = new ArrayList<>();
        new S3Lister(storage).list(S3Location.parse("s3://data/one/_odd.txt"), (p, s) -> listed.add(p + ":" + s));
        assertEquals(List.of("s3://data/one/_odd.txt:5"), listed);
    }

    @Test
    void listingAMissingBucket_failsNamingTheBucket() {
        IOException e = assertThrows(IOException.class,
                () -> new S3Lister(storage).list(S3Location.parse("s3://no-such-bucket/in"), (p, s) -> { }));
        assertTrue(e.getMessage().contains("bucket 'no-such-bucket' does not exist"), e.getMessage());
    }

    @Test
    void rangedReads_returnTheBytesFromAnyOffset_acrossChunks() throws IOException {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        put("ranged/blob", data);
        assertEquals(1000, storage.size("s3://data/ranged/blob"));
        for (int offset : new int[] {0, 1, 96, 97, 130, 999, 1000}) {
            try (InputStream in = storage.openRead("s3://data/ranged/blob", offset)) {
                byte[] read = in.readAllBytes();
                assertArrayEquals(java.util.Arrays.copyOfRange(data, offset, data.length), read, "offset " + offset);
            }
        }
        try (InputStream in = storage.openRead("s3://data/ranged/blob", 100)) { // a split stops early
            assertEquals(data[100] & 0xff, in.read());
        }
    }

    @Test
    void readingAMissingObject_failsNamingIt() {
        IOException e = assertThrows(IOException.class, () -> storage.openRead("s3://data/nothing/here", 0));
        assertTrue(e.getMessage().contains("s3://data/nothing/here"), e.getMessage());
    }

    @Test
    void aMultipartUpload_isInvisibleUntilCompleted_andAbortLeavesNothing() throws IOException {
        byte[] data = new byte[2 * PART + 12345];
        new Random(2).nextBytes(data);
        S3MultipartOutputStream upload = storage.startUpload(S3Location.parse("s3://data/mpu/part-r-00000"), "a-1");
        upload.write(data, 0, 100);
        upload.write(data, 100, data.length - 100);
        upload.close();
        assertEquals(3, upload.pending().etags().size());
        assertEquals(List.of(), keys("mpu/"));
        storage.complete(upload.pending());
        assertArrayEquals(data, get("mpu/part-r-00000"));

        S3MultipartOutputStream lost = storage.startUpload(S3Location.parse("s3://data/mpu/part-r-00001"), "a-2");
        lost.write(data, 0, 10);
        lost.close();
        S3JobOutput job = new S3JobOutput(storage, S3Location.parse("s3://data/mpu"));
        assertEquals(1, job.pendingUploads().size());
        lost.abort();
        assertEquals(List.of(), job.pendingUploads());
        assertEquals(List.of("mpu/part-r-00000"), keys("mpu/"));
    }

    @Test
    void jobCommit_completesOnlyTheCommittedAttempts_writesSuccessLast_andLeavesNoPendingUpload() throws IOException {
        S3Location out = S3Location.parse("s3://data/job1");
        S3JobOutput job = new S3JobOutput(storage, out);
        job.reserve();
        assertThrows(JobOutput.OutputExistsException.class, job::reserve);
        S3AttemptOutput winner = write(out, "r-00000", "r-00000-1", "apple\t2\n");
        S3AttemptOutput loser = write(out, "r-00000", "r-00000-2", "apple\t999\n");
        S3AttemptOutput empty = new S3AttemptOutput(storage, out, "r-00001", "part-r-00001", "r-00001-1");
        empty.finish();
        assertFalse(job.isCommitted("r-00000"));
        winner.commit();
        empty.commit();
        assertTrue(job.isCommitted("r-00000"));
        // the loser was never granted, so it never stores a manifest: its upload stays pending until the job commit
        assertEquals(List.of("job1/_temporary/_reserved", "job1/_temporary/committed/r-00000",
                "job1/_temporary/committed/r-00001"), keys("job1/"));

        job.commit(List.of("r-00000", "r-00001"), "");
        assertEquals(List.of("job1/_SUCCESS", "job1/part-r-00000", "job1/part-r-00001"), keys("job1/"));
        assertEquals("apple\t2\n", new String(get("job1/part-r-00000"), StandardCharsets.UTF_8));
        assertEquals(0, get("job1/part-r-00001").length);
        assertEquals(List.of(), job.pendingUploads());
        assertTrue(job.succeeded());
        job.commit(List.of("r-00000", "r-00001"), ""); // a later coordinator term repeats it
        assertEquals(3, keys("job1/").size());
    }

    @Test
    void aCommitRepeatedAfterItsManifestsWereRemoved_findsThePartsInPlace() throws IOException {
        S3Location out = S3Location.parse("s3://data/job3");
        S3JobOutput job = new S3JobOutput(storage, out);
        job.reserve();
        write(out, "m-00000", "m-00000-1", "x\n").commit();
        job.commit(List.of("m-00000"), ".gz");
        storage.client().deleteObject(b -> b.bucket("data").key("job3/_SUCCESS")); // as if it stopped before
        job.commit(List.of("m-00000"), ".gz");
        assertEquals(List.of("job3/_SUCCESS", "job3/part-m-00000.gz"), keys("job3/"));
    }

    @Test
    void abortingAJob_leavesNoObjectAndNoPendingUpload() throws IOException {
        S3Location out = S3Location.parse("s3://data/job2");
        S3JobOutput job = new S3JobOutput(storage, out);
        job.reserve();
        write(out, "r-00000", "r-00000-1", "a\n").commit();
        write(out, "r-00001", "r-00001-1", "b\n"); // still pending: its attempt died
        job.abort();
        assertEquals(List.of(), keys("job2/"));
        assertEquals(List.of(), job.pendingUploads());
        assertFalse(job.succeeded());
    }

    @Test
    void reservingAnOutputThatHoldsObjects_orInAMissingBucket_failsClearly() {
        put("taken/part-r-00000", new byte[1]);
        IOException taken = assertThrows(JobOutput.OutputExistsException.class,
                () -> new S3JobOutput(storage, S3Location.parse("s3://data/taken")).reserve());
        assertTrue(taken.getMessage().contains("s3://data/taken already exists"), taken.getMessage());
        IOException bucket = assertThrows(IOException.class,
                () -> new S3JobOutput(storage, S3Location.parse("s3://missing-bucket/out")).reserve());
        assertTrue(bucket.getMessage().contains("bucket 'missing-bucket' does not exist"), bucket.getMessage());
    }

    @Test
    void wrongCredentials_areNamedAsSuch() throws Exception {
        String key = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.secretAccessKey", "wrong");
        try (S3Storage wrong = new S3Storage(new S3Settings(server.endpoint(), null, null))) {
            IOException e = assertThrows(IOException.class,
                    () -> new S3Lister(wrong).list(S3Location.parse("s3://data/in"), (p, s) -> { }));
            assertTrue(e.getMessage().startsWith("S3 credentials rejected by " + server.endpoint()
                    + " (SignatureDoesNotMatch)"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(listing s3://data/in)"), e.getMessage());
            IOException reading = assertThrows(IOException.class, () -> wrong.size("s3://data/in/a.txt"));
            assertTrue(reading.getMessage().startsWith("access to s3://data/in/a.txt refused by " + server.endpoint()
                    + " (HTTP 403): check the S3 credentials"), reading.getMessage());
        } finally {
            System.setProperty("aws.secretAccessKey", key);
        }
    }

    @Test
    void anUnreachableEndpoint_isNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (S3Storage nowhere = new S3Storage(new S3Settings(URI.create("http://127.0.0.1:" + port), null, null))) {
            IOException e = assertThrows(IOException.class, () -> nowhere.size("s3://data/x"));
            assertTrue(e.getMessage().contains("cannot reach the S3 endpoint http://127.0.0.1:" + port),
                    e.getMessage());
        }
    }

    @Test
    void anEndpointThatNeverAnswers_failsABoundedCallNamingIt_insteadOfWaitingForTheSdksRetries() throws Exception {
        // a listening socket that is never read: connections succeed, requests get no answer
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             S3Storage bounded = S3Storage.bounded(new S3Settings(URI.create("http://127.0.0.1:"
                     + silent.getLocalPort()), null, null), java.time.Duration.ofMillis(300),
                     java.time.Duration.ofSeconds(2), 2)) {
            IOException e = assertThrows(IOException.class,
                    () -> new S3Lister(bounded).list(S3Location.parse("s3://data/in"), (p, s) -> { }));
            assertTrue(e.getMessage().startsWith("no answer from the S3 endpoint http://127.0.0.1:"
                    + silent.getLocalPort() + " in time"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(listing s3://data/in)"), e.getMessage());
        }
    }

    @Test
    void copying_onTheServer_givesTheSameBytes_inOneCallOrInParts() throws IOException {
        byte[] bytes = new byte[PART + 1234];
        new Random(7).nextBytes(bytes);
        put("copy/source", bytes);
        S3Location source = S3Location.parse("s3://data/copy/source");
        storage.copy(source, S3Location.parse("s3://data/copy/whole"), bytes.length);
        // beyond the single-copy limit (here one part size, not S3's 5 GiB): a multipart copy of two parts
        storage.copy(source, S3Location.parse("s3://data/copy/in-parts"), bytes.length, PART, PART);

        assertArrayEquals(bytes, get("copy/whole"));
        assertArrayEquals(bytes, get("copy/in-parts"));
        assertEquals(List.of(), storage.client().listMultipartUploads(b -> b.bucket("data").prefix("copy/"))
                .uploads(), "no upload left pending");
    }

    @Test
    void locations_parseBucketAndKey_andRefuseAMissingBucket() {
        assertEquals(new S3Location("b", "a/c"), S3Location.parse("s3://b/a/c/"));
        assertEquals(new S3Location("b", ""), S3Location.parse("s3://b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3:///x"));
        assertTrue(e.getMessage().contains("names no bucket"), e.getMessage());
    }

    private static S3AttemptOutput write(S3Location out, String task, String attempt, String text)
            throws IOException {
        S3AttemptOutput output = new S3AttemptOutput(storage, out, task, "part-" + task
                + (task.startsWith("m") && out.key().equals("job3") ? ".gz" : ""), attempt);
        try (OutputStream os = output.open()) {
            os.write(text.getBytes(StandardCharsets.UTF_8));
        }
        output.finish();
        return output;
    }
}
