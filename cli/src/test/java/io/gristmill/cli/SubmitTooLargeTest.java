package io.gristmill.cli;

import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.rest.RestApi;
import io.gristmill.coordinator.rest.RestConfig;
import io.gristmill.coordinator.rest.RestServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code submit --file} with more than the coordinator's upload limit: refused, naming each part's size. */
@Timeout(60)
class SubmitTooLargeTest {
    @TempDir
    Path dir;

    @Test
    void anUploadOverTheLimit_isRefusedBeforeItIsSent_andTheMessageNamesEachPartsSize() throws Exception {
        Vertx vertx = Vertx.vertx();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            CoordinatorVerticle coordinator = new CoordinatorVerticle(CoordinatorConfig.defaults());
            vertx.deployVerticle(coordinator).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            RestApi api = new RestApi(vertx, coordinator,
                    RestConfig.defaults(dir.resolve("state"), "127.0.0.1").withUploadLimit(64 << 10));
            int port = new RestServer(vertx, api).start("127.0.0.1", 0).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            Path jar = Files.write(dir.resolve("job.jar"), new byte[1024]);
            Path big = Files.write(dir.resolve("model.bin"), new byte[64 << 20]);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

            int exit = Gristmill.execute("submit", jar.toString(), "--coordinator", "http://127.0.0.1:" + port,
                    "--input", dir.toString(), "--output", dir.resolve("out").toString(), "--file", big.toString());

            System.setErr(err);
            String message = captured.toString(StandardCharsets.UTF_8);
            assertEquals(1, exit, message);
            assertTrue(message.contains("upload limit") && message.contains("file 'model.bin' 64.0 MiB")
                    && message.contains("jar job.jar"), message);
        } finally {
            System.setErr(err);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
