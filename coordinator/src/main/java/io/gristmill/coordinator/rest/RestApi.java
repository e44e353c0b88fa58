package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.SpecException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The coordinator's REST API (DESIGN.md "Surfaces"), as a vertx-web {@link Router} over a
 * {@link CoordinatorVerticle}. Every answer is JSON; errors are {@code {"error": "...", "field": "..."}}. Described
 * in {@code docs/openapi.yaml}.
 */
public final class RestApi {
    public static final String JOBS = "/api/v1/jobs";
    /** Job jars by content hash, for workers; authenticated by the per-job secret, not the bearer token. */
    public static final String JARS = "/internal/jars";
    public static final String SECRET_HEADER = "X-Gristmill-Secret";

    private final Vertx vertx;
    private final CoordinatorVerticle coordinator;
    private final RestConfig config;
    private final JarStore jars;

    public RestApi(Vertx vertx, CoordinatorVerticle coordinator, RestConfig config) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.config = Objects.requireNonNull(config, "config");
        this.jars = new JarStore(config.jarDir());
    }

    public RestConfig config() {
        return config;
    }

    /** A new router serving the API; mount it as a server's request handler or as a sub-router. */
    public Router router() {
        Router router = Router.router(vertx);
        router.route().handler(new SecurityHandler(config));
        router.get("/health").handler(ctx -> Responses.json(ctx, 200, Map.of("status", "UP")));
        router.post(JOBS)
                .handler(new MultipartBoundaryCheck())
                .handler(new UnfinishedBodyGuard(vertx, config.unfinishedBodyGrace()))
                .handler(BodyHandler.create(config.uploadDir().toString())
                        .setBodyLimit(config.uploadLimit())
                        .setDeleteUploadedFilesOnEnd(true))
                .handler(this::submit)
                .failureHandler(ErrorResponses::handleUploadFailure);
        router.get(JOBS).handler(ctx -> reply(ctx, 200, coordinator.jobs().map(RestApi::newestFirst)));
        router.get(JOBS + "/:id").handler(ctx -> reply(ctx, 200, coordinator.job(ctx.pathParam("id"))));
        router.get(JOBS + "/:id/tasks").handler(ctx -> reply(ctx, 200, coordinator.tasks(ctx.pathParam("id"))));
        router.post(JOBS + "/:id/kill").handler(ctx -> {
            String id = ctx.pathParam("id");
            reply(ctx, 200, coordinator.kill(id).compose(v -> coordinator.job(id)));
        });
        router.get("/api/v1/workers").handler(ctx -> reply(ctx, 200, coordinator.workers()));
        router.get("/api/v1/coordinator").handler(ctx -> reply(ctx, 200, coordinator.terms()
                .map(terms -> Map.of("term", coordinator.term(), "terms", terms))));
        // metrics and attempt logs (GET /metrics, GET .../attempts/{attempt}/log): see ObservabilityRoutes
        new ObservabilityRoutes(vertx, coordinator).mount(router);
        router.get(JARS + "/:hash").handler(this::serveJar);
        // the web console: GET /api/v1/events (server-sent events), /webjars/*, and its static files at /
        ConsoleRoutes.mount(router, vertx, coordinator);
        router.route().failureHandler(ErrorResponses::handleFailure);
        router.errorHandler(404, ctx -> ErrorResponses.send(ctx, 404, null, "no such resource: " + ctx.request().path()));
        router.errorHandler(405, ctx -> ErrorResponses.send(ctx, 405, null,
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
        return router;
    }

    /**
     * A router serving only {@code GET /internal/jars/<hash>}, for {@link JarServer}: every answer needs a job's
     * secret, so it needs neither the bearer token nor the Host check (a page that rebinds DNS has no secret).
     */
    public Router jarRouter() {
        Router router = Router.router(vertx);
        router.get(JARS + "/:hash").handler(this::serveJar);
        router.route().failureHandler(ErrorResponses::handleFailure);
        router.errorHandler(404, ctx -> ErrorResponses.send(ctx, 404, null,
                "this port serves only " + JARS + "/<hash>; the REST API is on the coordinator's --http-port"));
        router.errorHandler(405, ctx -> ErrorResponses.send(ctx, 405, null,
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
        return router;
    }

    private static List<JobStatus> newestFirst(List<JobStatus> jobs) {
        return jobs.stream()
                .sorted(Comparator.comparingLong(JobStatus::submittedAt).thenComparing(JobStatus::id).reversed())
                .toList();
    }

    private static void reply(RoutingContext ctx, int status, Future<?> result) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                Responses.json(ctx, status, ar.result());
            } else {
                ErrorResponses.send(ctx, ar.cause());
            }
        });
    }

    private void serveJar(RoutingContext ctx) {
        String secret = ctx.request().getHeader(SECRET_HEADER);
        if (secret == null) {
            ErrorResponses.send(ctx, 403, null, "the job secret header " + SECRET_HEADER + " is required");
            return;
        }
        coordinator.jarFor(ctx.pathParam("hash"), secret).onComplete(ar -> {
            if (ar.failed()) {
                ErrorResponses.send(ctx, ar.cause() instanceof SecurityException
                        ? new ApiException(403, null, ar.cause().getMessage()) : ar.cause());
                return;
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/java-archive")
                    .sendFile(ar.result().toString());
        });
    }

    // ---------------------------------------------------------------- submission

    private void submit(RoutingContext ctx) {
        UnfinishedBodyGuard.disarm(ctx);
        FileUpload jar = upload(ctx, "jar");
        if (jar == null) {
            ErrorResponses.send(ctx, 400, "jar", "the job jar is missing: send it as multipart file part 'jar'");
            return;
        }
        FileUpload specFile = upload(ctx, "spec");
        String specText = specFile == null ? ctx.request().getFormAttribute("spec") : null;
        Future<String> submitted = vertx
                .executeBlocking(() -> prepare(jar, specFile, specText), false)
                .compose(coordinator::submit);
        submitted.onComplete(ar -> {
            if (ar.succeeded()) {
                String location = JOBS + "/" + ar.result();
                ctx.response().putHeader(HttpHeaders.LOCATION, location);
                Responses.json(ctx, 201, Map.of("id", ar.result()));
            } else {
                ErrorResponses.send(ctx, ar.cause());
            }
        });
    }

    /** Blocking: reads and checks the spec, checks the jar, moves it into the jar store. */
    private JobSpec prepare(FileUpload jar, FileUpload specFile, String specText) throws SpecException, IOException {
        String text = specFile == null ? specText : readUtf8(Path.of(specFile.uploadedFileName()));
        SpecParser.ParsedSpec parsed = SpecParser.parse(text);
        Path upload = Path.of(jar.uploadedFileName());
        JobSpec checked = parsed.build(upload); // range checks before the jar is kept
        JarStore.checkJar(upload, checked.jobClass(), jar.fileName());
        return parsed.build(jars.store(upload));
    }

    private static String readUtf8(Path specFile) throws SpecException, IOException {
        try {
            return Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new SpecException("spec", "the spec file part is not UTF-8 text");
        }
    }

    private static FileUpload upload(RoutingContext ctx, String name) {
        return ctx.fileUploads().stream().filter(f -> name.equals(f.name())).findFirst().orElse(null);
    }
}
