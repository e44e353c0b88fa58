package io.gristmill.coordinator.internal.pipeline;

import io.gristmill.cluster.io.s3.S3JobOutput;
import io.gristmill.cluster.io.s3.S3Location;
import io.gristmill.cluster.io.s3.S3ProxyServer;
import io.gristmill.cluster.io.s3.S3Settings;
import io.gristmill.cluster.io.s3.S3Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipeline's commit on S3 done again by a later coordinator term, from each state an interrupted commit can leave
 * (the journal says "commit begun", so the new term promotes again): the output ends with exactly the last step's
 * parts and {@code _SUCCESS}, no step object and no pending upload, and nothing already promoted is lost. Against a
 * real S3 server (s3proxy) on 127.0.0.1.
 */
class S3PipelineOutputTest {
    private static final Map<String, String> PARTS = Map.of("part-r-00000", "a\t1\n", "part-r-00001", "b\t2\n");
    private static S3ProxyServer server;
    private static S3Storage storage;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
        server.createBucket("out");
        S3ProxyServer.useItsCredentials();
        storage = new S3Storage(new S3Settings(server.endpoint(), null, null));
    }

    @AfterAll
    static void stop() throws Exception {
        storage.close();
        server.close();
    }

    @Test
    void aCommitDoneOnce_leavesThePartsAndSuccessAlone() throws IOException {
        S3PipelineOutput output = pipelineWithTwoSteps("once");
        output.promote(lastStep("once"), List.of("count", "rank"));
        assertPromoted("once");
    }

    @Test
    void aCommitInterruptedAfterTheCopies_beforeTheStepsWereRemoved_endsTheSame() throws IOException {
        S3PipelineOutput output = pipelineWithTwoSteps("copied");
        for (Map.Entry<String, String> part : PARTS.entrySet()) { // what the first term's copies left
            put("copied/" + part.getKey(), part.getValue());
        }
        output.promote(lastStep("copied"), List.of("count", "rank"));
        assertPromoted("copied");
    }

    @Test
    void aCommitInterruptedAfterTheStepObjectsWereDeleted_stillEndsWithEveryPart() throws IOException {
        S3PipelineOutput output = pipelineWithTwoSteps("deleted");
        output.promote(lastStep("deleted"), List.of("count", "rank"));
        delete("deleted/_SUCCESS"); // the first term stopped just before writing it

        output.promote(lastStep("deleted"), List.of("count", "rank"));

        assertPromoted("deleted");
    }

    @Test
    void aCommitDoneTwice_isTheSameAsOnce() throws IOException {
        S3PipelineOutput output = pipelineWithTwoSteps("twice");
        output.promote(lastStep("twice"), List.of("count", "rank"));
        output.promote(lastStep("twice"), List.of("count", "rank"));
        assertPromoted("twice");
    }

    /** A pipeline reserved at {@code s3://out/PREFIX} whose two steps have succeeded, the last one iterated. */
    private static S3PipelineOutput pipelineWithTwoSteps(String prefix) throws IOException {
        S3Location root = new S3Location("out", prefix);
        new S3JobOutput(storage, root).reserve();
        S3PipelineOutput output = new S3PipelineOutput(() -> storage, root);
        String first = output.stepOutput("count", false, 1);
        put(key(first) + "/part-r-00000", "intermediate\n");
        put(key(first) + "/_SUCCESS", "");
        String last = output.stepOutput("rank", true, 3);
        for (Map.Entry<String, String> part : PARTS.entrySet()) {
            put(key(last) + "/" + part.getKey(), part.getValue());
        }
        put(key(last) + "/_SUCCESS", "");
        return output;
    }

    private static String lastStep(String prefix) {
        return new S3PipelineOutput(() -> storage, new S3Location("out", prefix)).stepOutput("rank", true, 3);
    }

    private static void assertPromoted(String prefix) throws IOException {
        Map<String, String> expected = new TreeMap<>();
        PARTS.forEach((name, content) -> expected.put(prefix + "/" + name, content));
        expected.put(prefix + "/_SUCCESS", "");
        assertEquals(expected, objectsBelow(prefix), "the output holds the last step's parts and _SUCCESS only");
        assertTrue(new S3JobOutput(storage, new S3Location("out", prefix)).pendingUploads().isEmpty(),
                "no multipart upload pending");
    }

    private static Map<String, String> objectsBelow(String prefix) {
        Map<String, String> objects = new TreeMap<>();
        for (S3Object object : storage.client().listObjectsV2Paginator(b -> b.bucket("out").prefix(prefix + "/"))
                .contents()) {
            objects.put(object.key(), storage.client().getObjectAsBytes(b -> b.bucket("out").key(object.key()))
                    .asUtf8String());
        }
        return objects;
    }

    private static String key(String location) {
        return S3Location.parse(location).key();
    }

    private static void put(String key, String content) {
        storage.client().putObject(b -> b.bucket("out").key(key), RequestBody.fromString(content));
    }

    private static void delete(String key) {
        storage.client().deleteObject(b -> b.bucket("out").key(key));
    }
}
