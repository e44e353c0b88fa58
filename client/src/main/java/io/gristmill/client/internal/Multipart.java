package io.gristmill.client.internal;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/** The body of a submission: part {@code spec} (JSON) and part {@code jar} (the file, streamed from disk). */
public final class Multipart {
    private final String boundary = "gristmill-" + UUID.randomUUID();
    private final Path jar;
    private final String specJson;

    public Multipart(Path jar, String specJson) {
        this.jar = jar;
        this.specJson = specJson;
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
            return HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    HttpRequest.BodyPublishers.ofFile(jar),
                    HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
