package io.gristmill.worker.internal.shuffle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A shuffle server for batch requests that breaks off: request {@code k} (0-based) gets only the first
 * {@code segmentsSent[k]} segments it asked for (then the connection closes, mid-body: the announced length is the
 * whole batch's); requests beyond the list get everything. Records the ids each request asked for.
 */
final class BreakingBatchServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Map<String, byte[]> partitions;
    private final int[] segmentsSent;
    private final List<List<String>> asked = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    BreakingBatchServer(Map<String, byte[]> partitions, int... segmentsSent) throws IOException {
        this.partitions = partitions;
        this.segmentsSent = segmentsSent;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "breaking-batch-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The ids of each request, in order. */
    List<List<String>> asked() {
        return List.copyOf(asked);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                List<String> ids = readRequest(s.getInputStream());
                int k = asked.size();
                asked.add(ids);
                List<byte[]> data = new ArrayList<>();
                for (String id : ids) {
                    data.add(partitions.get(id));
                }
                byte[] whole = SegmentFrameDecoderTest.body(ids, data);
                int send = k < segmentsSent.length
                        ? SegmentFrameDecoderTest.body(ids.subList(0, segmentsSent[k]),
                                data.subList(0, segmentsSent[k])).length
                        : whole.length;
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + whole.length + "\r\nX-Gristmill-Segments: "
                        + ids.size() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(whole, 0, send);
                out.flush();
            } catch (IOException e) {
                // closed by the test, or the client went away: accept the next one
            }
        }
    }

    private static List<String> readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int contentLength = 0;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
            head.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        }
        String body = new String(in.readNBytes(contentLength), StandardCharsets.US_ASCII);
        return List.of(body.split("\n"));
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
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
