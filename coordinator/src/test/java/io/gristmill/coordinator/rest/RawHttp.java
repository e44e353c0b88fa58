package io.gristmill.coordinator.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK client would not send as written: paths it would normalise,
 * a {@code Host} of the test's choosing, or none at all.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** A response: its status and its body, unless it was a 2xx without a length (maybe an endless event stream). */
    record Response(int status, String head, String body) {
        @Override
        public String toString() {
            return head + "\r\n\r\n" + body;
        }
    }

    /** Sends {@code requestHead} (request line and headers, without the blank line) and {@code body}. */
    static Response send(int port, String requestHead, byte[] body, Duration timeout) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write((requestHead + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading all of a request it refuses (414, 431): read that
            }
            return read(socket.getInputStream());
        }
    }

    /** {@code method path} with the given {@code Host} (none when null), no body, {@code Connection: close}. */
    static Response request(int port, String method, String path, String host, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1");
        if (host != null) {
            head.append("\r\nHost: ").append(host);
        }
        for (int i = 0; i < headers.length; i += 2) {
            head.append("\r\n").append(headers[i]).append(": ").append(headers[i + 1]);
        }
        head.append("\r\nContent-Length: 0\r\nConnection: close");
        return send(port, head.toString(), new byte[0], RestFixture.TIMEOUT);
    }

    private static Response read(InputStream in) throws IOException {
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.") || head.length() < 12) {
            throw new IOException("not an HTTP response: " + head);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        if (status / 100 == 2 && !head.toLowerCase(java.util.Locale.ROOT).contains("\r\ncontent-length:")) {
            return new Response(status, head, ""); // the body may be an event stream that never ends
        }
        return new Response(status, head, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // how much of CR LF CR LF was just read
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : text;
    }
}
