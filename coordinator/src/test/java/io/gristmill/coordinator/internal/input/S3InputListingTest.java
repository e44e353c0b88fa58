package io.gristmill.coordinator.internal.input;

import io.gristmill.cluster.io.s3.S3ProxyServer;
import io.gristmill.cluster.io.Storages;
import io.gristmill.cluster.io.s3.S3Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link InputLister#listLocations} with s3:// patterns, against a real S3 server (s3proxy) on 127.0.0.1. */
class S3InputListingTest {
    private static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start();
        server.createBucket("logs");
        S3ProxyServer.useItsCredentials();
        Storages.configureS3(new S3Settings(server.endpoint(), null, null));
        for (String key : List.of("2024/01/a.gz", "2024/01/b.txt", "2024/02/c.gz", "2024/02/_SUCCESS",
                "2024/.staging/d.gz", "2025/01/e.gz")) {
            Storages.s3().client().putObject(b -> b.bucket("logs").key(key), RequestBody.fromString("x\n"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Storages.configureS3(S3Settings.DEFAULTS);
        server.close();
    }

    private static List<String> list(String... patterns) throws IOException {
        return InputLister.listLocations(List.of(patterns), InputLister.Limits.defaults(), AllowedRoots.anywhere());
    }

    @Test
    void aPrefix_listsEveryObjectBelowIt_skippingUnderscoreAndDotNames() throws IOException {
        assertEquals(List.of("s3://logs/2024/01/a.gz", "s3://logs/2024/01/b.txt", "s3://logs/2024/02/c.gz"),
                list("s3://logs/2024"));
    }

    @Test
    void aGlob_matchesKeysBelowItsFixedPart() throws IOException {
        assertEquals(List.of("s3://logs/2024/01/a.gz", "s3://logs/2024/02/c.gz"), list("s3://logs/2024/*/*.gz"));
        assertEquals(List.of("s3://logs/2024/01/a.gz", "s3://logs/2024/02/c.gz", "s3://logs/2025/01/e.gz"),
                list("s3://logs/**/*.gz"));
    }

    @Test
    void listedObjects_comeWithTheirSizes_soThatSplittingAsksNothingMorePerObject() throws IOException {
        InputLister.Listed listed = InputLister.listInputs(List.of("s3://logs/2024/*/*.gz", "s3://logs/2025/01/e.gz"),
                InputLister.Limits.defaults(), AllowedRoots.anywhere());
        assertEquals(List.of("s3://logs/2024/01/a.gz", "s3://logs/2024/02/c.gz", "s3://logs/2025/01/e.gz"),
                listed.locations());
        assertEquals(java.util.Map.of("s3://logs/2024/01/a.gz", 2L, "s3://logs/2024/02/c.gz", 2L,
                "s3://logs/2025/01/e.gz", 2L), listed.sizes(), "every object's size as listed, the named one's too");
    }

    @Test
    void filesAndObjectsMix_inOneListing(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("local.txt"), "y\n");
        assertEquals(List.of(file.toString(), "s3://logs/2025/01/e.gz"), list(file.toString(), "s3://logs/2025"));
    }

    @Test
    void aPrefixWithNoObject_orAnUnknownScheme_isRefusedNamingThePattern() {
        InputNotFoundException none = assertThrows(InputNotFoundException.class, () -> list("s3://logs/1999"));
        assertTrue(none.getMessage().contains("'s3://logs/1999' matches no file"), none.getMessage());
        InputPatternException scheme = assertThrows(InputPatternException.class, () -> list("gs://logs/2024"));
        assertTrue(scheme.getMessage().contains("uses the scheme 'gs'"), scheme.getMessage());
    }
}
