package io.gristmill.worker.internal;

import com.sun.net.httpserver.HttpServer;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.TaskType;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JarCacheTest {
    @TempDir
    Path dir;

    private static RunAttempt runWithJarAt(String url) {
        return new RunAttempt(new AttemptRef("job-1", "m-00000", "a-1", "epoch-1"), TaskType.MAP, 0, 1, "job",
                "/nowhere/job.jar", "0123abcd", url, "Job", Map.of(), null, 1, 0, 0, "/out", "secret");
    }

    @Test
    void a_download_from_a_closed_port_names_the_url_the_cause_and_what_to_check() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/internal/jars/0123abcd";
        IOException e = assertThrows(IOException.class, () -> new JarCache(dir).resolve(runWithJarAt(url)));
        assertTrue(e.getMessage().startsWith("cannot download the job jar from " + url + ": connection refused"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--advertise-url"), e.getMessage());
    }

    @Test
    void a_refused_download_names_the_url_and_the_http_status() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/jars/0123abcd";
            IOException e = assertThrows(IOException.class, () -> new JarCache(dir).resolve(runWithJarAt(url)));
            assertTrue(e.getMessage().equals("cannot download the job jar from " + url + ": HTTP 403"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
