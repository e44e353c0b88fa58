package io.gristmill.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The tests' raw view of the coordinator's REST API, as Vert.x JSON (every field, including those the Java client
 * does not model). Errors become {@link ApiError}s carrying the server's message. The CLI itself uses
 * {@code io.gristmill.client.GristmillClient}.
 */
final class RestClient {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    RestClient(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.token = token;
    }

    /** A failed request: the HTTP status and the server's {@code error} (and {@code field}) when it sent one. */
    static final class ApiError extends Exception {
        private final int status;

        ApiError(String message) {
            this(message, 0);
        }

        ApiError(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when there was no answer. */
        int status() {
            return status;
        }
    }

    JsonObject submit(Path jar, JsonObject spec) throws IOException, InterruptedException, ApiError {
        return submit(jar, spec, List.of());
    }

    /**
     * Uploads the jar, the spec and the side files (parts {@code file}, filename = the side file's name). Files are
     * streamed from disk, not read into memory; the body's length is known, so a coordinator whose upload limit it
     * passes refuses it before it is sent.
     */
    JsonObject submit(Path jar, JsonObject spec, List<SideFileArgument> files)
            throws IOException, InterruptedException, ApiError {
        String boundary = "gristmill-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + spec.encode() + "\r\n"));
        parts.add(filePart(boundary, "jar", jar.getFileName().toString(), "application/java-archive", jar));
        for (SideFileArgument file : files) {
            parts.add(filePart(boundary, "file", file.name(), "application/octet-stream", file.path()));
        }
        parts.add(text("--" + boundary + "--\r\n"));
        HttpRequest request = request("api/v1/jobs")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))).build();
        try {
            return new JsonObject(send(request));
        } catch (ApiError e) {
            throw e.status() == 413 ? new ApiError(e.getMessage() + "; this upload: " + UploadSizes.describe(jar, files), 413) : e;
        }
    }

    private static HttpRequest.BodyPublisher filePart(String boundary, String part, String filename, String type, Path file)
            throws IOException {
        // names are checked (SideFileNames): no quote or control character can break the header
        return HttpRequest.BodyPublishers.concat(
                text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                        + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n"),
                HttpRequest.BodyPublishers.ofFile(file), text("\r\n"));
    }

    private static HttpRequest.BodyPublisher text(String text) {
        return HttpRequest.BodyPublishers.ofByteArray(text.getBytes(StandardCharsets.UTF_8));
    }

    JsonObject job(String id) throws IOException, InterruptedException, ApiError {
        return new JsonObject(send(request("api/v1/jobs/" + id).GET().build()));
    }

    JsonArray jobs() throws IOException, InterruptedException, ApiError {
        return new JsonArray(send(request("api/v1/jobs").GET().build()));
    }

    JsonArray tasks(String id) throws IOException, InterruptedException, ApiError {
        return new JsonArray(send(request("api/v1/jobs/" + id + "/tasks").GET().build()));
    }

    JsonArray workers() throws IOException, InterruptedException, ApiError {
        return new JsonArray(send(request("api/v1/workers").GET().build()));
    }

    /** The log of one attempt, as text. */
    String attemptLog(String id, String task, String attempt) throws IOException, InterruptedException, ApiError {
        return send(request("api/v1/jobs/" + encode(id) + "/tasks/" + encode(task) + "/attempts/" + encode(attempt)
                + "/log").GET().build());
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonObject pipeline(String id) throws IOException, InterruptedException, ApiError {
        return new JsonObject(send(request("api/v1/pipelines/" + id).GET().build()));
    }

    JsonArray pipelines() throws IOException, InterruptedException, ApiError {
        return new JsonArray(send(request("api/v1/pipelines").GET().build()));
    }

    JsonObject killPipeline(String id) throws IOException, InterruptedException, ApiError {
        return new JsonObject(send(request("api/v1/pipelines/" + id + "/kill").POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    JsonObject kill(String id) throws IOException, InterruptedException, ApiError {
        return new JsonObject(send(request("api/v1/jobs/" + id + "/kill").POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private String send(HttpRequest request) throws IOException, InterruptedException, ApiError {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new ApiError("cannot reach the coordinator at " + base + " (is it running?)");
        }
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        throw new ApiError(describe(response), response.statusCode());
    }

    private static String describe(HttpResponse<String> response) {
        try {
            JsonObject error = new JsonObject(response.body());
            String field = error.getString("field");
            return error.getString("error", "HTTP " + response.statusCode()) + (field == null ? "" : " (field: " + field + ")");
        } catch (RuntimeException e) {
            return "HTTP " + response.statusCode() + ": " + response.body();
        }
    }
}
