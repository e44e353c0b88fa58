package io.gristmill.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for the s3:// rows: s3proxy ({@code org.gaul.s3proxy.Main}) as a process of its own on 127.0.0.1
 * and a free port, with its filesystem backend ({@code filesystem-nio2}) in a fresh folder, checking AWS signatures
 * (V2 or V4) against the bench's own key. Its class path comes from Maven ({@code bench/s3proxy/pom.xml}: the
 * version and exclusions the root pom pins); its log is {@code logs/s3proxy.log} (warnings only, through
 * {@code bench/s3proxy/logback.xml}).
 */
final class S3ProxyProcess implements AutoCloseable {
    static final String ACCESS_KEY = "gristmill-bench";
    static final String SECRET_KEY = "gristmill-bench-secret";
    /** Its heap: it streams objects between sockets and files, so a little is plenty. */
    private static final String HEAP = "512m";
    private static final long START_SECONDS = 120;

    private final Process process;
    private final URI endpoint;
    private final S3Http client;

    private S3ProxyProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        this.client = new S3Http(endpoint, ACCESS_KEY, SECRET_KEY);
    }

    /**
     * Resolves s3proxy's class path (once; {@code target/s3proxy.classpath}), then starts it with its data in
     * {@code dir} (emptied first) and waits until it answers.
     */
    static S3ProxyProcess start(Runner runner, Path bench, Path target, Path dir) throws Exception {
        Path classpath = classpath(runner, bench, target);
        Runner.deleteTree(dir);
        Files.createDirectories(dir.resolve("data"));
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dir.resolve("data"),
                // the backend's own credentials, which s3proxy requires and the filesystem ignores
                "jclouds.identity=unused",
                "jclouds.credential=unused", ""));
        Process process = runner.startBackground("s3proxy", List.of(Runner.javaBinary(), "-Xmx" + HEAP,
                "-Dlogback.configurationFile=" + bench.resolve("s3proxy/logback.xml"),
                "-cp", Files.readString(classpath).trim(), "org.gaul.s3proxy.Main", "--properties",
                properties.toString()), Map.of());
        S3ProxyProcess server = new S3ProxyProcess(process, endpoint);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!server.client.answers()) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with " + process.exitValue() + " (logs/s3proxy.log)");
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("s3proxy did not answer on " + endpoint + " within " + START_SECONDS + " s");
            }
            Thread.sleep(100);
        }
        return server;
    }

    private static Path classpath(Runner runner, Path bench, Path target) throws Exception {
        Path file = target.resolve("s3proxy.classpath");
        if (Files.exists(file) && Files.size(file) > 0) {
            return file;
        }
        // full plugin coordinates: no plugin-prefix lookup, which would need the network
        Runner.Measurement m = runner.measure("s3proxy-classpath", List.of("mvn", "-q", "-B", "-f",
                bench.resolve("s3proxy/pom.xml").toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.outputFile=" + file), Map.of());
        if (m.exit() != 0 || !Files.exists(file)) {
            Files.deleteIfExists(file);
            throw new IOException("Maven could not resolve s3proxy's class path (logs/s3proxy-classpath.log)");
        }
        return file;
    }

    /** A port free right now (s3proxy is given its port; it cannot report one it chose itself). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    URI endpoint() {
        return endpoint;
    }

    S3Http client() {
        return client;
    }

    /** The server's peak resident set so far, KiB. */
    long peakKib() {
        return Runner.vmHwm(process.pid());
    }

    /**
     * The CPU the server has used so far (user + system, from {@code /proc/PID/stat} at 100 ticks a second), in
     * seconds; NaN where it cannot be read. It runs on the same cores as Gristmill, so this is part of the price.
     */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime: fields 14, 15
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The AWS variables that give a Gristmill process the server's credentials (the endpoint is a flag). */
    static Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION",
                "us-east-1");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
