package io.gristmill.client.internal;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of a submission: part {@code spec} (JSON), part {@code jar} and one part {@code file} per side file whose
 * filename is the side file's name (files streamed from disk).
 */
public final class Multipart {
    private final String boundary = "gristmill-" + UUID.randomUUID();
    private final Path jar;
    private final String specJson;
    private final Map<String, Path> sideFiles;

    public Multipart(Path jar, String specJson) {
        this(jar, specJson, Map.of());
    }

    public Multipart(Path jar, String specJson, Map<String, Path> sideFiles) {
        this.jar = jar;
        this.specJson = specJson;
        this.sideFiles = sideFiles;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A fresh publisher each time, so that a request sent again after a failover reads the jar again. */
    public HttpRequest.BodyPublisher publisher() {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"spec\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + specJson + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jar\"; filename=\""
                + jar.getFileName().toString().replace("\"", "") + "\"\r\nContent-Type: application/java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        try {
            List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
            parts.add(HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8));
            parts.add(HttpRequest.BodyPublishers.ofFile(jar));
            for (Map.Entry<String, Path> file : sideFiles.entrySet()) {
                // a name with a quote or a line break is refused by the coordinator; it must not break the header here
                String name = file.getKey().replaceAll("[\"\\r\\n]", "_");
                parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n", StandardCharsets.UTF_8));
                parts.add(HttpRequest.BodyPublishers.ofFile(file.getValue()));
            }
            parts.add(HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
            return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
        } catch (FileNotFoundException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
