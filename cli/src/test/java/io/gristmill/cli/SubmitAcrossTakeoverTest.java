package io.gristmill.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code submit --wait} with two coordinator URLs (the real takeover runs elsewhere, with coordinator processes):
 * fake coordinators play an active one that dies mid-job and a standby that answers 503 until it takes over. The
 * command keeps waiting and ends with the job's status from the new coordinator.
 */
class SubmitAcrossTakeoverTest {
    private static final String STANDBY = "{\"error\": \"this coordinator is a standby\", \"active\": null}";

    @TempDir
    Path dir;

    @Test
    void submitWait_followsTheJobToTheStandbyThatTookOver() throws Exception {
        Path jar = Files.write(dir.resolve("job.jar"), new byte[] {'P', 'K'});
        AtomicBoolean tookOver = new AtomicBoolean();
        AtomicInteger activePolls = new AtomicInteger();
        HttpServer[] active = new HttpServer[1];
        active[0] = server(path -> {
            if (path.equals("/api/v1/jobs")) {
                return new String[] {"201", "{\"id\": \"job-1\"}"};
            }
            if (activePolls.incrementAndGet() == 3) { // dies after its third answer; the standby takes over later
                new Thread(() -> {
                    active[0].stop(0);
                    pause(800);
                    tookOver.set(true);
                }).start();
            }
            return new String[] {"200", job("RUNNING", 1, 0)};
        });
        HttpServer standby = server(path -> tookOver.get()
                ? new String[] {"200", job("SUCCEEDED", 4, 1234)} : new String[] {"503", STANDBY});
        String urls = "http://127.0.0.1:" + active[0].getAddress().getPort() + ",http://127.0.0.1:"
                + standby.getAddress().getPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Gristmill.execute("submit", jar.toString(), "--input", "/in", "--output", "/out", "--wait",
                    "--coordinator", urls);
        } finally {
            System.setOut(original);
            active[0].stop(0);
            standby.stop(0);
        }

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.startsWith("job-1\n"), printed);
        assertTrue(printed.contains("state    SUCCEEDED") && printed.matches("(?s).*words\\.counted\\s+1,234\\n.*"), printed);
    }

    private static String job(String state, int mapsDone, long words) {
        return """
                {"id": "job-1", "name": "WordCount", "state": "%s", "output": "/out", "params": {},
                 "submittedAt": 1, "startedAt": 2, "finishedAt": 0,
                 "maps": {"total": 4, "pending": 0, "running": 0, "succeeded": %d, "failed": 0, "killed": 0, "progress": 0.5},
                 "reduces": {"total": 1, "pending": 1, "running": 0, "succeeded": 0, "failed": 0, "killed": 0, "progress": 0},
                 "counters": {"words": {"counted": %d}}, "error": null, "errorTask": null, "errorStackTrace": null,
                 "skippedRecords": [], "excludedWorkers": {}}
                """.formatted(state, mapsDone, words);
    }

    /** A server answering every request with {@code answer(path)}: status and JSON body. */
    private static HttpServer server(Function<String, String[]> answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", (HttpExchange exchange) -> {
            exchange.getRequestBody().readAllBytes();
            String[] reply = answer.apply(exchange.getRequestURI().getPath());
            byte[] body = reply[1].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(Integer.parseInt(reply[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
