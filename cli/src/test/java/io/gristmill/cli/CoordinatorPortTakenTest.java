package io.gristmill.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator whose cluster port is taken stops with one line saying so, instead of moving to another port
 * (which would strand the workers that join through it) or printing Hazelcast's stack traces.
 */
class CoordinatorPortTakenTest {
    @TempDir
    Path dir;

    @Test
    void whenTheClusterPortIsTaken_thenTheCoordinatorExitsWithOneLineNamingThePort() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = holder.getLocalPort();
            Process coordinator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.gristmill.cli.Gristmill", "coordinator",
                    "--cluster-port", Integer.toString(port), "--http-port", "0", "--cluster-name", "port-taken-test",
                    "--state-dir", dir.resolve("state").toString())
                    .redirectErrorStream(true).start();
            assertTrue(coordinator.waitFor(60, TimeUnit.SECONDS), "the coordinator exits");
            List<String> output = new String(coordinator.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines().filter(line -> !line.isBlank()).toList();
            assertEquals(2, coordinator.exitValue());
            assertEquals(1, output.size(), "one line: " + output);
            assertTrue(output.get(0).startsWith("error: cannot use cluster port " + port + " on 127.0.0.1"), output.get(0));
        }
    }
}
