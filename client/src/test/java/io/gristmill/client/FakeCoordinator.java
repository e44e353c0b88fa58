package io.gristmill.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A small HTTP server standing in for a coordinator: a test decides each answer and reads the requests it got. */
final class FakeCoordinator implements AutoCloseable {
    /** What one request looked like. */
    record Request(String method, String path, String authorization, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** An answer. */
    record Answer(int status, String contentType, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    interface Handler {
        Answer answer(Request request) throws Exception;
    }

    static final String STANDBY_UNKNOWN = "{\"error\": \"this coordinator is a standby\", \"active\": null}";

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Handler handler;

    FakeCoordinator(Handler handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static String standbyNaming(FakeCoordinator active) {
        return "{\"error\": \"this coordinator is a standby\", \"active\": \"" + active.url() + "\"}";
    }

    /** A URL on which nothing listens (a port just released). */
    static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answerWith(Handler next) {
        handler = next;
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody().readAllBytes());
        requests.add(request);
        Answer answer;
        try {
            answer = handler.answer(request);
        } catch (Exception e) {
            answer = Answer.json(500, "{\"error\": \"fake failed: " + e + "\"}");
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops answering: connections are refused from now on, as with a coordinator that died. */
    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }
}
