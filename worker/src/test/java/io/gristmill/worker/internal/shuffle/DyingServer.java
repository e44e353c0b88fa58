package io.gristmill.worker.internal.shuffle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shuffle server that fails in the middle of every response: it announces {@code announced} bytes, sends
 * {@code sent} of them and then closes the connection (dies) or, if {@code stalls}, sends nothing more until the
 * client hangs up. Counts the requests it got.
 */
final class DyingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;

    DyingServer(String attemptId, int announced, int sent) throws IOException {
        this(attemptId, announced, sent, false);
    }

    DyingServer(String attemptId, int announced, int sent, boolean stalls) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(attemptId, announced, sent, stalls), "dying-shuffle-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    private void serve(String attemptId, int announced, int sent, boolean stalls) {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line = in.readLine();
                while (line != null && !line.isEmpty()) {
                    line = in.readLine();
                }
                requests.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + announced + "\r\nX-Gristmill-Map-Attempt: "
                        + attemptId + "\r\nX-Gristmill-Partition-Length: " + announced
                        + "\r\nX-Gristmill-Records: 1\r\nX-Gristmill-Crc32c: 00000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[sent]);
                out.flush();
                if (stalls) {
                    s.getInputStream().read(); // returns when the client gives up and closes
                }
            } catch (IOException e) {
                // closed by the test, or the client went away: accept the next one
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
