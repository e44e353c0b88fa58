package io.gristmill.worker.internal.shuffle;

import io.gristmill.cluster.Secrets;
import io.gristmill.cluster.metrics.Metrics;
import io.gristmill.worker.internal.data.PartitionInfo;
import io.gristmill.worker.internal.logs.AttemptLogs;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's shuffle HTTP server: serves one partition of one registered map output per GET request, zero-copy
 * with {@code sendFile}, or of a batch of them per POST request ({@link BatchSender}); wire format in the package
 * documentation. Request handling runs on the event loop; the index
 * read (first time only) and the opening of the data file run on a worker thread.
 *
 * <p>It also serves the worker's metrics ({@code GET /metrics}, Prometheus text format, open like any scrape
 * target) and attempt logs ({@code GET /logs/<jobId>/<attemptId>}, plain text), which hold what user code printed
 * and so go only to the coordinator the worker registered with: the request must carry that coordinator's
 * {@linkplain #logSecret log secret}. A log's path is built from the two ids only after they match the id syntax,
 * never taken from the request.
 */
public final class ShuffleServer {
    private static final Logger log = LoggerFactory.getLogger(ShuffleServer.class);
    /** The longest batch request body: {@link ShuffleProtocol#MAX_BATCH} ids of at most 128 characters + newlines. */
    private static final long MAX_BATCH_BODY = ShuffleProtocol.MAX_BATCH * 129L;

    static final String METRICS_PATH = "/metrics";
    static final String LOGS_PREFIX = "/logs/";

    private final Vertx vertx;
    private final MapOutputRegistry registry;
    private final Metrics metrics;
    private final Path logRoot;
    private volatile String logSecret; // null until the worker registers: no logs are served
    private HttpServer server;

    /** A server of map outputs only. */
    public ShuffleServer(Vertx vertx, MapOutputRegistry registry) {
        this(vertx, registry, null, null);
    }

    /**
     * @param metrics served on {@code /metrics} (null: 404)
     * @param logRoot the folder of attempt logs served on {@code /logs/} (null: 404)
     */
    public ShuffleServer(Vertx vertx, MapOutputRegistry registry, Metrics metrics, Path logRoot) {
        this.vertx = vertx;
        this.registry = registry;
        this.metrics = metrics;
        this.logRoot = logRoot;
    }

    /** The secret that reading a log takes from now on: the one of the coordinator the worker registered with. */
    public void logSecret(String secret) {
        this.logSecret = secret;
    }

    /** Binds {@code host:port} (port 0: any free port) and completes with the bound port. */
    public Future<Integer> start(String host, int port) {
        // HTTP/1.1 only: an h2c upgrade would turn sendFile's zero-copy file region into copied HTTP/2 frames
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setHttp2ClearTextEnabled(false).setIdleTimeout(120));
        s.requestHandler(this::handle);
        return s.listen().map(bound -> {
            server = bound;
            return bound.actualPort();
        });
    }

    /** The bound port; only valid once {@link #start} has completed. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("shuffle server not started");
        }
        return server.actualPort();
    }

    /** Stops listening and closes open connections. */
    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() == HttpMethod.POST) {
            serveBatch(request);
            return;
        }
        if (request.method() != HttpMethod.GET) {
            end(response, 405, "only GET and POST");
            return;
        }
        if (METRICS_PATH.equals(request.path())) {
            serveMetrics(response);
            return;
        }
        if (request.path().startsWith(LOGS_PREFIX)) {
            serveLog(request, request.path().substring(LOGS_PREFIX.length()));
            return;
        }
        ShuffleProtocol.Target target = ShuffleProtocol.parse(request.path());
        if (target == null) {
            end(response, 400, "bad shuffle path");
            return;
        }
        String jobId = authorizedJob(request, target);
        if (jobId == null) {
            return;
        }
        MapOutputRegistry.Output output = registry.lookup(jobId, target.mapAttemptId());
        if (output == null) {
            end(response, 404, "unknown map attempt");
            return;
        }
        vertx.executeBlocking(() -> Region.open(output, target.partition()), false)
                .onSuccess(region -> send(request, output.attemptId(), region))
                .onFailure(e -> fail(response, output, e));
    }

    /**
     * The job a shuffle request may read, by its path and secret; null after answering 403/404 if there is none.
     */
    private String authorizedJob(HttpServerRequest request, ShuffleProtocol.Target target) {
        HttpServerResponse response = request.response();
        String secret = request.getHeader(ShuffleProtocol.SECRET);
        if (secret == null || secret.isEmpty()) {
            end(response, 403, "missing secret");
            return null;
        }
        String jobId = ShuffleProtocol.JOB_BY_SECRET.equals(target.jobId()) ? registry.jobOfSecret(secret)
                : target.jobId();
        if (jobId == null || registry.secretOf(jobId) == null) {
            end(response, jobId == null ? 403 : 404, jobId == null ? "wrong secret" : "unknown job");
            return null;
        }
        if (!registry.secretMatches(jobId, secret)) {
            end(response, 403, "wrong secret");
            return null;
        }
        return jobId;
    }

    /**
     * {@code POST /shuffle/<job>/<partition>} with map attempt ids, one per line: that partition of each, framed,
     * in one response ({@link BatchSender}). Every id is looked up before anything is sent: an unknown one is a 404
     * that names it in {@link ShuffleProtocol#MAP_ATTEMPT}, so the reducer reports the right map.
     */
    private void serveBatch(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        ShuffleProtocol.Target target = ShuffleProtocol.parseBatch(request.path());
        if (target == null) {
            end(response, 400, "bad shuffle batch path");
            return;
        }
        String jobId = authorizedJob(request, target);
        if (jobId == null) {
            return;
        }
        String announced = request.getHeader("Content-Length");
        if (announced == null || !announced.matches("[0-9]{1,7}") || Long.parseLong(announced) > MAX_BATCH_BODY) {
            end(response, announced == null ? 411 : 413, "a batch names at most " + ShuffleProtocol.MAX_BATCH
                    + " map attempts, with a Content-Length");
            return;
        }
        request.body().onSuccess(body -> {
            List<String> ids = ShuffleProtocol.parseBatchBody(body.toString(StandardCharsets.US_ASCII));
            if (ids == null) {
                end(response, 400, "bad batch body: 1 to " + ShuffleProtocol.MAX_BATCH
                        + " distinct map attempt ids, one per line");
                return;
            }
            List<MapOutputRegistry.Output> outputs = new ArrayList<>(ids.size());
            for (String id : ids) {
                MapOutputRegistry.Output output = registry.lookup(jobId, id);
                if (output == null) {
                    response.putHeader(ShuffleProtocol.MAP_ATTEMPT, id);
                    end(response, 404, "unknown map attempt " + id);
                    return;
                }
                outputs.add(output);
            }
            vertx.executeBlocking(() -> parts(outputs, target.partition()), false)
                    .onSuccess(parts -> new BatchSender(vertx, request, parts, target.partition()).start())
                    .onFailure(e -> {
                        if (e instanceof UnreadableOutputException u) {
                            response.putHeader(ShuffleProtocol.MAP_ATTEMPT, u.output.attemptId());
                            fail(response, u.output, u.getCause());
                        } else {
                            fail(response, null, e);
                        }
                    });
        });
    }

    /** Each output's partition, from its index (read on first use: blocking). */
    private static List<BatchSender.Part> parts(List<MapOutputRegistry.Output> outputs, int partition)
            throws IOException {
        List<BatchSender.Part> parts = new ArrayList<>(outputs.size());
        for (MapOutputRegistry.Output output : outputs) {
            try {
                List<PartitionInfo> index = output.index();
                if (partition >= index.size()) {
                    throw new NoSuchPartitionException(output.attemptId() + " has no partition " + partition);
                }
                parts.add(new BatchSender.Part(output, index.get(partition)));
            } catch (IOException e) {
                throw new UnreadableOutputException(output, e);
            }
        }
        return parts;
    }

    private void serveMetrics(HttpServerResponse response) {
        if (metrics == null) {
            end(response, 404, "no metrics here");
            return;
        }
        vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
            if (ar.failed()) {
                log.warn("metrics scrape failed: {}", ar.cause().toString());
                end(response, 500, "metrics scrape failed");
            } else if (!response.closed()) {
                response.putHeader("Content-Type", Metrics.CONTENT_TYPE).putHeader("Cache-Control", "no-store")
                        .end(Buffer.buffer(ar.result()));
            }
        });
    }

    /** {@code rest} is {@code <jobId>/<attemptId>}; answers the attempt's log as UTF-8 text. */
    private void serveLog(HttpServerRequest request, String rest) {
        HttpServerResponse response = request.response();
        String expected = logSecret;
        String secret = request.getHeader(ShuffleProtocol.SECRET);
        if (logRoot != null && !Secrets.matches(expected, secret)) {
            end(response, 403, secret == null ? "missing secret" : "wrong secret");
            return;
        }
        int slash = rest.indexOf('/');
        String jobId = slash < 0 ? null : rest.substring(0, slash);
        String attemptId = slash < 0 ? null : rest.substring(slash + 1);
        if (logRoot == null || !AttemptLogs.isId(jobId) || !AttemptLogs.isId(attemptId)) {
            end(response, logRoot == null ? 404 : 400, logRoot == null ? "no logs here" : "bad log path");
            return;
        }
        vertx.executeBlocking(() -> {
                    byte[] bytes = AttemptLogs.read(logRoot, jobId, attemptId);
                    return bytes == null ? null : Buffer.buffer(bytes);
                }, false)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        log.warn("cannot read the log of {} of {}: {}", attemptId, jobId, ar.cause().toString());
                        end(response, 500, "cannot read the log");
                    } else if (ar.result() == null) {
                        end(response, 404, "no log of attempt " + attemptId + " of " + jobId + " on this worker");
                    } else if (!response.closed()) {
                        response.putHeader("Content-Type", "text/plain; charset=utf-8")
                                .putHeader("Cache-Control", "no-store").end(ar.result());
                    }
                });
    }

    private void send(HttpServerRequest request, String attemptId, Region region) {
        HttpServerResponse response = request.response();
        PartitionInfo info = region.info();
        response.putHeader("Content-Type", "application/octet-stream")
                .putHeader(ShuffleProtocol.MAP_ATTEMPT, attemptId)
                .putHeader(ShuffleProtocol.LENGTH, Long.toString(info.length()))
                .putHeader(ShuffleProtocol.RECORDS, Long.toString(info.records()))
                .putHeader(ShuffleProtocol.CRC32C, ShuffleProtocol.crcHex(info.crc()));
        Future<Void> sent = info.length() == 0 ? response.end()
                : response.sendFile(region.channel(), info.offset(), info.length());
        sent.onComplete(ar -> {
            closeQuietly(region.channel());
            if (ar.failed()) {
                log.debug("sending {} failed: {}", attemptId, ar.cause().toString());
                if (!response.headWritten()) {
                    end(response, 500, "could not send map output");
                } else if (!response.closed()) {
                    request.connection().close();
                }
            }
        });
    }

    private void fail(HttpServerResponse response, MapOutputRegistry.Output output, Throwable e) {
        if (e instanceof NoSuchPartitionException || e instanceof NoSuchFileException) {
            end(response, 404, e.getMessage());
        } else {
            log.warn("cannot serve {}: {}", output, e.toString());
            end(response, 500, "cannot read map output");
        }
    }

    private static void end(HttpServerResponse response, int status, String message) {
        if (!response.closed() && !response.ended()) {
            response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a map output file failed", e);
        }
    }

    /** A partition's place in its data file, with the data file open for {@code sendFile}. */
    private record Region(FileChannel channel, PartitionInfo info) {
        static Region open(MapOutputRegistry.Output output, int partition) throws IOException {
            List<PartitionInfo> index = output.index();
            if (partition >= index.size()) {
                throw new NoSuchPartitionException(output.attemptId() + " has no partition " + partition);
            }
            return new Region(FileChannel.open(output.dataFile(), StandardOpenOption.READ), index.get(partition));
        }
    }

    /** One map output of a batch could not be read: the answer names it. */
    private static final class UnreadableOutputException extends IOException {
        final transient MapOutputRegistry.Output output;

        UnreadableOutputException(MapOutputRegistry.Output output, IOException cause) {
            super(cause.getMessage(), cause);
            this.output = output;
        }
    }

    private static final class NoSuchPartitionException extends IOException {
        NoSuchPartitionException(String message) {
            super(message);
        }
    }
}
