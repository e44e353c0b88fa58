package io.gristmill.cli;

import io.gristmill.api.testkit.JobTester;
import io.gristmill.cli.testjobs.FlakyWordCount;
import io.gristmill.samples.Join;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gristmill local} serves the coordinator's console while its job runs, and with --keep-console after it. */
class LocalConsoleTest {
    private static final Pattern CONSOLE_LINE = Pattern.compile("console (?:still )?on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Path JOIN_DATA = BundledJobs.sampleInput("join");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void whileALocalJobRuns_thenItsConsoleServesTheApiAndThePages_andStopsWithTheJob() throws Exception {
        try (ProcessCluster processes = new ProcessCluster(dir)) {
            Process local = launchLocal(processes, "--param", "mapSleepMillis=6000");
            String url = awaitConsoleUrl(local, "console on");

            HttpResponse<String> jobs = get(url + "/api/v1/jobs");
            assertEquals(200, jobs.statusCode(), jobs.body());
            JsonArray list = new JsonArray(jobs.body());
            assertEquals(1, list.size(), jobs.body());
            assertFalse(io.gristmill.coordinator.JobState.valueOf(list.getJsonObject(0).getString("state")).isTerminal(),
                    "the job still runs: " + jobs.body());
            HttpResponse<String> page = get(url + "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().toString());
            assertTrue(page.body().contains("<html"), page.body());

            assertTrue(local.waitFor(2, TimeUnit.MINUTES), "the job ends");
            assertEquals(0, local.exitValue(), log());
            assertThrows(ConnectException.class, () -> get(url + "/health"), "the console ends with the job");
        }
    }

    @Test
    void withKeepConsole_theConsoleOutlivesTheJobUntilInterrupted() throws Exception {
        try (ProcessCluster processes = new ProcessCluster(dir)) {
            Process local = launchLocal(processes, "--keep-console");
            String url = awaitConsoleUrl(local, "console still on");

            HttpResponse<String> jobs = get(url + "/api/v1/jobs");
            assertEquals("SUCCEEDED", new JsonArray(jobs.body()).getJsonObject(0).getString("state"), jobs.body());
            assertEquals(200, get(url + "/").statusCode());

            local.destroy(); // SIGTERM: the JVM shuts down as on Ctrl-C's SIGINT, running the same hooks
            assertTrue(local.waitFor(1, TimeUnit.MINUTES), "Ctrl-C ends it");
            assertThrows(ConnectException.class, () -> get(url + "/health"));
        }
    }

    @Test
    void whenTheConsolePortIsTaken_thenTheNextIsUsed_andStdoutCarriesOnlyTheJobsOutput() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Captured run = runInProcess("local", "--job", "join", "--output", "-", "--workers", "2",
                    "--console-port", Integer.toString(taken.getLocalPort()));

            assertEquals(0, run.code(), run.err());
            Matcher console = CONSOLE_LINE.matcher(run.err());
            assertTrue(console.find(), run.err());
            assertNotEquals("http://127.0.0.1:" + taken.getLocalPort(), console.group(1));
            assertEquals(joinOfBundledData(), run.out().lines().toList());
        }
    }

    @Test
    void whenEveryPortToTryIsTaken_thenTheJobRunsWithoutAConsole_sayingSoInOneLine() throws Exception {
        List<ServerSocket> taken = takeConsecutivePorts(ConsolePort.TRIES);
        try {
            int first = taken.get(0).getLocalPort();
            Captured run = runInProcess("local", "--job", "join", "--output", "-", "--workers", "1",
                    "--console-port", Integer.toString(first));

            assertEquals(0, run.code(), run.err());
            List<String> lines = run.err().lines().filter(l -> l.contains("console")).toList();
            assertEquals(1, lines.size(), run.err());
            assertTrue(lines.get(0).startsWith("gristmill local: no console (ports " + first + "-"
                    + (first + ConsolePort.TRIES - 1) + ": "), lines.get(0));
            assertEquals(joinOfBundledData(), run.out().lines().toList());
        } finally {
            for (ServerSocket socket : taken) {
                socket.close();
            }
        }
    }

    @Test
    void withConsolePortZero_thenNoConsoleIsServed() throws Exception {
        Captured run = runInProcess("local", "--job", "join", "--output", dir.resolve("out").toString(),
                "--workers", "1", "--console-port", "0");

        assertEquals(0, run.code(), run.err());
        assertFalse(run.err().contains("console"), run.err());
    }

    @Test
    void aConsolePortThatIsNeitherAPortNorAny_isRefusedAtOnce() throws Exception {
        Captured run = runInProcess("local", "--console-port", "http");

        assertEquals(2, run.code());
        assertTrue(run.err().contains("'http' is not a port (0-65535; 0 = no console) or 'any'"), run.err());
    }

    /** Binds {@code count} consecutive ports on 127.0.0.1, starting wherever a run of them is free. */
    private static List<ServerSocket> takeConsecutivePorts(int count) throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 20_000 + random.nextInt(20_000);
            List<ServerSocket> bound = new java.util.ArrayList<>();
            try {
                for (int port = first; port < first + count; port++) {
                    bound.add(new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1")));
                }
                return bound;
            } catch (IOException busy) {
                for (ServerSocket socket : bound) {
                    socket.close();
                }
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }

    /** Word count over one book with one worker slot, so that a sleeping map keeps the job running. */
    private Process launchLocal(ProcessCluster processes, String... more) throws IOException {
        Path jar = TestJars.jarOf(dir, FlakyWordCount.class);
        List<String> args = new java.util.ArrayList<>(List.of("local", "--jar", jar.toString(), "--input",
                BundledJobs.sampleInput().resolve("pg-metamorphosis.txt").toString(), "--output",
                dir.resolve("out").toString(), "--workers", "1", "--console-port", "any"));
        args.addAll(List.of(more));
        return processes.launchOn(List.of(), "local", List.of(), args);
    }

    private String awaitConsoleUrl(Process local, String phrase) throws Exception {
        String log = ProcessCluster.poll(Duration.ofSeconds(90), this::log,
                text -> text.contains(phrase) || !local.isAlive());
        Matcher url = CONSOLE_LINE.matcher(log.substring(Math.max(0, log.indexOf(phrase) - 20)));
        assertTrue(log.contains(phrase) && url.find(), "no '" + phrase + "' line: " + log);
        return url.group(1);
    }

    private String log() throws IOException {
        Path file = dir.resolve("local.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The join's lines over the bundled data, from the job API's in-memory tester, sorted (one reducer sorts). */
    private static List<String> joinOfBundledData() throws Exception {
        return JobTester.of(new Join(), Map.of()).inputFile(JOIN_DATA.resolve("customers.csv"))
                .inputFile(JOIN_DATA.resolve("orders.csv")).run().lines().stream().sorted().toList();
    }

    private record Captured(int code, String out, String err) {
    }

    private static Captured runInProcess(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Gristmill.execute(args);
            return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
