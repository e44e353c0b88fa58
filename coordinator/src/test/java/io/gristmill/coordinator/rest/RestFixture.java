package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.rest.testjobs.NoopJob;
import io.gristmill.coordinator.rest.testjobs.NotAJob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A coordinator on a fresh Vert.x with the REST server on 127.0.0.1 and an HTTP client for it. */
final class RestFixture implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();

    final Vertx vertx;
    final CoordinatorVerticle coordinator;
    final RestApi api;
    final RestServer server;
    final int port;
    final HttpClient http;

    private RestFixture(Vertx vertx, CoordinatorVerticle coordinator, RestApi api, RestServer server, int port) {
        this.vertx = vertx;
        this.coordinator = coordinator;
        this.api = api;
        this.server = server;
        this.port = port;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    static RestFixture start(Path stateDir, UnaryOperator<RestConfig> customize) throws Exception {
        return start(stateDir, CoordinatorConfig.defaults(), customize);
    }

    static RestFixture start(Path stateDir, CoordinatorConfig coordinatorConfig, UnaryOperator<RestConfig> customize)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CoordinatorVerticle coordinator = new CoordinatorVerticle(coordinatorConfig);
            await(vertx.deployVerticle(coordinator));
            RestApi api = new RestApi(vertx, coordinator, customize.apply(RestConfig.defaults(stateDir, "127.0.0.1")));
            RestServer server = new RestServer(vertx, api);
            int port = await(server.start("127.0.0.1", 0));
            return new RestFixture(vertx, coordinator, api, server, port);
        } catch (Exception | Error e) {
            vertx.close();
            throw e;
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Something a test observes, possibly by I/O. */
    interface Probe<T> {
        T observe() throws Exception;
    }

    /**
     * The tests' one way to wait for a state they cannot be told about: observes until {@code done} holds or
     * {@link #TIMEOUT} passes, and returns the last observation, which the caller asserts on.
     */
    static <T> T poll(Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T seen = probe.observe();
        while (!done.test(seen) && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling with a deadline
            seen = probe.observe();
        }
        return seen;
    }

    /** Polls {@code GET /api/v1/jobs/{id}} until the job is in {@code state}, for at most {@link #TIMEOUT}. */
    JsonNode awaitJobState(String id, String state) throws Exception {
        return poll(() -> json(get(RestApi.JOBS + "/" + id)), job -> state.equals(job.get("state").asText()));
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> post(String path, String... headers) throws Exception {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Submits {@code jar} as file part {@code jar} (unless null) and {@code spec} as text field {@code spec}. */
    HttpResponse<String> submit(byte[] jar, String spec, String... headers) throws Exception {
        Multipart body = new Multipart();
        if (jar != null) {
            body.file("jar", "job.jar", "application/java-archive", jar);
        }
        if (spec != null) {
            body.field("spec", spec);
        }
        return submitMultipart(body, headers);
    }

    /** Sends {@code body} without a declared length (chunked), so the server reads it part by part. */
    HttpResponse<String> submitChunked(Multipart body) throws Exception {
        HttpRequest.Builder request = request(RestApi.JOBS).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body.bytes())));
        return send(request);
    }

    HttpResponse<String> submitMultipart(Multipart body, String... headers) throws Exception {
        HttpRequest.Builder request = request(RestApi.JOBS, headers)
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        return send(request);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** A job jar whose manifest names {@link NoopJob}; it also holds {@link NotAJob}. */
    private static byte[] jobJar;

    /** The test job jar, built once: entries carry the time they were written, so two builds may differ. */
    static synchronized byte[] jobJar() throws IOException {
        if (jobJar == null) {
            jobJar = buildJobJar();
        }
        return jobJar.clone();
    }

    private static byte[] buildJobJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Gristmill-Job", NoopJob.class.getName());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : new Class<?>[]{NoopJob.class, NotAJob.class}) {
                String entry = type.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("class file not on the test classpath: " + entry);
                    }
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() throws Exception {
        try {
            await(server.close());
        } finally {
            await(vertx.close());
        }
    }

    /** A multipart/form-data body. */
    static final class Multipart {
        private final String boundary = "gristmill-" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                    + "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
            write(value);
            write("\r\n");
            return this;
        }

        Multipart file(String name, String fileName, String contentType, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            out.writeBytes(content);
            write("\r\n");
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }

        private void write(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes {@code count} small input files (one map task each) and returns their paths. */
    static List<String> inputFiles(Path dir, int count) throws IOException {
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path input = dir.resolve("input-" + i + ".txt");
            Files.writeString(input, "line " + i + "\n");
            paths.add(input.toString());
        }
        return paths;
    }

    /** Writes a small input file and returns its path. */
    static Path inputFile(Path dir) throws IOException {
        Path input = dir.resolve("input.txt");
        if (!Files.exists(input)) {
            try (OutputStream out = Files.newOutputStream(input)) {
                out.write("one line\nanother line\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        return input;
    }
}
