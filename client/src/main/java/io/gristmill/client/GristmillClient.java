package io.gristmill.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gristmill.client.internal.Coordinators;
import io.gristmill.client.internal.Errors;
import io.gristmill.client.internal.Failover;
import io.gristmill.client.internal.Json;
import io.gristmill.client.internal.Multipart;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A client of the coordinator's REST API: submit a job jar, follow the job, kill it, list jobs, read attempt logs.
 *
 * <pre>{@code
 * GristmillClient client = GristmillClient.builder()
 *         .coordinators("http://10.0.0.1:8080,http://10.0.0.2:8080").token(System.getenv("GRISTMILL_TOKEN")).build();
 * String id = client.submit(Path.of("target/my-job.jar"),
 *         JobSpec.builder().input("/shared/books").output("/shared/out").build());
 * JobStatus done = client.awaitCompletion(id, Duration.ofHours(1), status -> System.out.println(status.state()));
 * long words = done.counter("wordcount", "words");
 * }</pre>
 *
 * <p><b>Several coordinators.</b> Give every coordinator's URL (an active one and its standbys). Requests go to the
 * last one that answered; a standby answers 503 naming the active one, and a coordinator that cannot be reached is
 * skipped, so a takeover costs a request a few retries, not an error: the client tries the named or next URL with a
 * backoff for up to {@link Builder#failoverWindow the failover window} (default 60 s). A job keeps its id on the new
 * coordinator, so {@link #awaitCompletion} carries on across a takeover.
 *
 * <p><b>Errors.</b> Every method throws {@link IOException}s: an {@link ApiException} subtype when the API refused
 * (with its {@code field} and message), {@link CoordinatorUnavailableException} when no coordinator answered, or the
 * HTTP client's own failure. A submission is never sent twice once a coordinator may have received it.
 *
 * <p>Thread-safe; one client may serve a whole program.
 */
public final class GristmillClient {
    private static final TypeReference<List<JobStatus>> JOBS = new TypeReference<>() { };
    private static final TypeReference<List<TaskStatus>> TASKS = new TypeReference<>() { };
    private static final TypeReference<List<WorkerStatus>> WORKERS = new TypeReference<>() { };
    private static final TypeReference<List<PipelineStatus>> PIPELINES = new TypeReference<>() { };
    /** Ids of pipelines start with this (job ids with {@code job-}). */
    private static final String PIPELINE_PREFIX = "pipeline-";
    /** A status poll that takes this long is a coordinator that froze: fail over rather than wait minutes. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    private final Failover failover;
    private final String token;
    private final Duration requestTimeout;
    private final Duration pollTimeout;
    private final Duration pollInterval;

    private GristmillClient(Builder builder) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout).build();
        this.failover = new Failover(http, builder.coordinators, builder.failoverWindow);
        this.token = builder.token;
        this.requestTimeout = builder.requestTimeout;
        this.pollTimeout = builder.requestTimeout.compareTo(POLL_TIMEOUT) < 0 ? builder.requestTimeout : POLL_TIMEOUT;
        this.pollInterval = builder.pollInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The coordinator requests go to now: the last one that answered (at first, the first URL given). */
    public URI coordinator() {
        return failover.current();
    }

    /** Uploads {@code jar} with {@code spec} and its side files; returns the new job's id once the coordinator accepted it. */
    public String submit(Path jar, JobSpec spec) throws IOException, InterruptedException {
        if (!Files.isReadable(jar)) {
            throw new NoSuchFileException(jar.toString(), null, "job jar not found or not readable");
        }
        for (Map.Entry<String, Path> file : spec.sideFiles().entrySet()) {
            if (!Files.isRegularFile(file.getValue()) || !Files.isReadable(file.getValue())) {
                throw new NoSuchFileException(file.getValue().toString(), null,
                        "side file '" + file.getKey() + "' not found or not readable");
            }
        }
        Multipart body = new Multipart(jar, Json.MAPPER.writeValueAsString(spec.fields()), spec.sideFiles());
        HttpResponse<String> response = failover.send(base -> request(base, "api/v1/jobs", requestTimeout)
                .header("Content-Type", body.contentType()).POST(body.publisher()).build(), false);
        return Json.MAPPER.readTree(expectOk(response)).path("id").asText();
    }

    /** One job's status. */
    public JobStatus job(String id) throws IOException, InterruptedException {
        return read(get("api/v1/jobs/" + segment(id), requestTimeout), JobStatus.class);
    }

    /** Every job the coordinator knows, newest first. */
    public List<JobStatus> jobs() throws IOException, InterruptedException {
        return Json.MAPPER.readValue(get("api/v1/jobs", requestTimeout), JOBS);
    }

    /** A job's tasks with their attempts (none while it is planning). */
    public List<TaskStatus> tasks(String id) throws IOException, InterruptedException {
        return Json.MAPPER.readValue(get("api/v1/jobs/" + segment(id) + "/tasks", requestTimeout), TASKS);
    }

    /** The workers of this coordinator's run, alive and dead. */
    public List<WorkerStatus> workers() throws IOException, InterruptedException {
        return Json.MAPPER.readValue(get("api/v1/workers", requestTimeout), WORKERS);
    }

    /** Kills a job that has not ended and returns it once KILLED; {@link ApiException.Conflict} if it had ended. */
    public JobStatus kill(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = failover.send(base -> request(base, "api/v1/jobs/" + segment(id) + "/kill",
                requestTimeout).POST(HttpRequest.BodyPublishers.noBody()).build(), false);
        return Json.MAPPER.readValue(expectOk(response), JobStatus.class);
    }

    /**
     * Whether {@code id} (as {@link #submit} returned it) names a pipeline: a jar whose entry class is a
     * {@code PipelineDefinition} is accepted as one, followed with {@link #pipeline} and {@link #awaitPipeline}.
     */
    public static boolean isPipelineId(String id) {
        return id != null && id.startsWith(PIPELINE_PREFIX);
    }

    /** One pipeline's status, with its steps and their jobs. */
    public PipelineStatus pipeline(String id) throws IOException, InterruptedException {
        return read(get("api/v1/pipelines/" + segment(id), requestTimeout), PipelineStatus.class);
    }

    /** Every pipeline the coordinator knows, newest first. */
    public List<PipelineStatus> pipelines() throws IOException, InterruptedException {
        return Json.MAPPER.readValue(get("api/v1/pipelines", requestTimeout), PIPELINES);
    }

    /**
     * Kills a pipeline that has not ended (its running step's job is killed) and returns its status;
     * {@link ApiException.Conflict} if it had ended.
     */
    public PipelineStatus killPipeline(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = failover.send(base -> request(base, "api/v1/pipelines/" + segment(id) + "/kill",
                requestTimeout).POST(HttpRequest.BodyPublishers.noBody()).build(), false);
        return Json.MAPPER.readValue(expectOk(response), PipelineStatus.class);
    }

    /**
     * Waits until the pipeline ends and returns its final status, telling {@code listener} (on this thread) of every
     * status that differs from the one before; {@link TimeoutException} if it runs past {@code timeout}.
     */
    public PipelineStatus awaitPipeline(String id, Duration timeout, java.util.function.Consumer<PipelineStatus> listener)
            throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), java.util.concurrent.TimeUnit.DAYS.toNanos(36500));
        PipelineStatus previous = null;
        while (true) {
            PipelineStatus status = read(get("api/v1/pipelines/" + segment(id), pollTimeout), PipelineStatus.class);
            if (!status.equals(previous)) {
                previous = status;
                listener.accept(status);
            }
            if (status.state().isTerminal()) {
                return status;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("pipeline " + id + " is still " + status.state() + " after " + timeout);
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.min(left, pollInterval.toNanos()));
        }
    }

    /** The coordinator's terms (which process was active when); see {@link CoordinatorInfo}. */
    public CoordinatorInfo coordinatorInfo() throws IOException, InterruptedException {
        return read(get("api/v1/coordinator", requestTimeout), CoordinatorInfo.class);
    }

    /** One attempt's log as the worker that ran it keeps it (what the task printed and logged). */
    public String attemptLog(String id, String task, String attempt) throws IOException, InterruptedException {
        return get("api/v1/jobs/" + segment(id) + "/tasks/" + segment(task) + "/attempts/" + segment(attempt) + "/log",
                requestTimeout);
    }

    /** Waits until the job ends and returns its final status; {@link TimeoutException} if it runs past {@code timeout}. */
    public JobStatus awaitCompletion(String id, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        return awaitCompletion(id, timeout, status -> { });
    }

    /** As {@link #awaitCompletion(String, Duration)}, telling {@code listener} of every change on this thread. */
    public JobStatus awaitCompletion(String id, Duration timeout, ProgressListener listener)
            throws IOException, InterruptedException, TimeoutException {
        return new Follower(this::poll, failover::current, pollInterval, listener).follow(id, timeout);
    }

    /**
     * Follows the job on a thread of its own (a daemon) and completes with its final status, or with the failure
     * that ended the following. Cancelling the future stops the following.
     */
    public CompletableFuture<JobStatus> follow(String id, ProgressListener listener) {
        CompletableFuture<JobStatus> result = new CompletableFuture<>();
        Follower follower = new Follower(this::poll, failover::current, pollInterval, listener);
        Thread thread = new Thread(() -> follower.followInto(id, result), "gristmill-follow-" + id);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private JobStatus poll(String id) throws IOException, InterruptedException {
        return read(get("api/v1/jobs/" + segment(id), pollTimeout), JobStatus.class);
    }

    private <T> T read(String json, Class<T> type) throws IOException {
        return Json.MAPPER.readValue(json, type);
    }

    private String get(String path, Duration timeout) throws IOException, InterruptedException {
        return expectOk(failover.send(base -> request(base, path, timeout).GET().build(), true));
    }

    private static String expectOk(HttpResponse<String> response) throws ApiException {
        if (response.statusCode() / 100 != 2) {
            throw Errors.of(response);
        }
        return response.body();
    }

    private HttpRequest.Builder request(URI base, String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static String segment(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** How to reach the coordinators. Only the URLs are required. */
    public static final class Builder {
        private final List<URI> coordinators = new ArrayList<>();
        private String token;
        private Duration failoverWindow = Duration.ofSeconds(60);
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(5);

        private Builder() {
        }

        /** Adds coordinator base URLs; each argument may hold several, comma-separated ({@code http://h1:8080,http://h2:8080}). */
        public Builder coordinators(String... urls) {
            for (String url : urls) {
                coordinators.addAll(Coordinators.parseList(url));
            }
            return this;
        }

        public Builder coordinators(List<String> urls) {
            return coordinators(urls.toArray(String[]::new));
        }

        /** The bearer token the coordinators require (null: none). */
        public Builder token(String bearerToken) {
            this.token = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.trim();
            return this;
        }

        /** How long a request keeps trying other coordinators after the first failure (default 60 s). */
        public Builder failoverWindow(Duration window) {
            this.failoverWindow = positive("failoverWindow", window);
            return this;
        }

        /** How often {@link #awaitCompletion} asks for the job's status (default 500 ms). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive("pollInterval", interval);
            return this;
        }

        /** How long opening a connection may take before it counts as failed (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * How long one request may take (default 5 min: a submission lists the input, a kill waits for the job's
         * attempts to stop). Status polls while following a job give up after at most 30 s and fail over.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        public GristmillClient build() {
            if (coordinators.isEmpty()) {
                throw new IllegalStateException("coordinators: give at least one coordinator URL");
            }
            return new GristmillClient(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
