package io.gristmill.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code submit} and {@code local} pass s3:// locations and the --s3-* flags on. */
class ObjectStorageArgumentsTest {

    @Test
    void anS3LocationIsPassedAsGiven_whileAPathIsMadeAbsolute() {
        assertEquals("s3://books/in", JobOptions.absolute("s3://books/in"));
        assertEquals("hdfs://nn/in", JobOptions.absolute("hdfs://nn/in"), "the coordinator names the unknown scheme");
        assertEquals(Path.of("in").toAbsolutePath().toString(), JobOptions.absolute("in"));
    }

    @Test
    void anS3EndpointThatIsNotAUrl_isRefusedNamingTheFlag() {
        S3Options options = new S3Options();
        options.endpoint = java.net.URI.create("localhost9000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, options::apply);
        assertTrue(e.getMessage().startsWith("--s3-endpoint must be a URL"), e.getMessage());
    }
}
