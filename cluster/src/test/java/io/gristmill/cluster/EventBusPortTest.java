package io.gristmill.cluster;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EventBusPortTest {
    private static ClusterSettings settings(int busPort) {
        return new ClusterSettings("bus-port-" + UUID.randomUUID(), "127.0.0.1", 0, busPort, List.of(),
                Duration.ofSeconds(10));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void the_event_bus_listens_on_the_port_given() throws Exception {
        int port = freePort();
        ClusteredNode node = Bootstrap.clustered(settings(port)).toCompletionStage().toCompletableFuture()
                .get(1, TimeUnit.MINUTES);
        try {
            assertEquals(port, node.busPort());
            try (Socket connected = new Socket("127.0.0.1", port)) {
                assertTrue(connected.isConnected());
            }
        } finally {
            node.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void a_taken_event_bus_port_fails_with_one_line_naming_the_flag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> Bootstrap.clustered(
                    settings(taken.getLocalPort())).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES));
            String message = e.getCause().getMessage();
            assertTrue(message.startsWith("cannot use event bus port " + taken.getLocalPort() + " on 127.0.0.1"), message);
            assertTrue(message.contains("--bus-port"), message);
        }
    }

    @Test
    void a_port_out_of_range_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> settings(70000));
    }
}
