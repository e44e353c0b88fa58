package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.Page;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The coordinator's REST API (DESIGN.md "Surfaces"), as a vertx-web {@link Router} over a
 * {@link CoordinatorVerticle}. Every answer is JSON; errors are {@code {"error": "...", "field": "..."}}. Described
 * in {@code docs/openapi.yaml}.
 */
public final class RestApi {
    public static final String JOBS = "/api/v1/jobs";
    /** Pipelines: submitted through {@link #JOBS} like jobs (the jar's entry class tells), listed and killed here. */
    public static final String PIPELINES = "/api/v1/pipelines";
    /** Job jars by content hash, for workers; authenticated by the per-job secret, not the bearer token. */
    public static final String JARS = "/internal/jars";
    /** Side files by content hash, for workers; authenticated like {@link #JARS}. */
    public static final String FILES = "/internal/files";
    public static final String SECRET_HEADER = "X-Gristmill-Secret";

    private final Vertx vertx;
    private final CoordinatorVerticle coordinator;
    private final RestConfig config;
    private final JarStore jars;
    private final ContentStore sideFiles;

    public RestApi(Vertx vertx, CoordinatorVerticle coordinator, RestConfig config) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.config = Objects.requireNonNull(config, "config");
        this.jars = new JarStore(config.jarDir());
        this.sideFiles = new ContentStore(config.sideFileDir(), "");
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
                .failureHandler(ctx -> ErrorResponses.handleUploadFailure(ctx, config.uploadLimit()));
        router.get(JOBS).handler(ctx -> listed(ctx, ListQuery::of, query -> coordinator.jobsPage(query.state(),
                query.offset(), query.limit())));
        router.get(JOBS + "/:id").handler(ctx -> reply(ctx, 200, coordinator.job(ctx.pathParam("id"))));
        // without parameters every task, as before paging (the CLI and tests read whole jobs); the console asks for pages
        router.get(JOBS + "/:id/tasks").handler(this::taskList);
        router.post(JOBS + "/:id/kill").handler(ctx -> {
            String id = ctx.pathParam("id");
            reply(ctx, 200, coordinator.kill(id).compose(v -> coordinator.job(id)));
        });
        router.get(PIPELINES).handler(ctx -> reply(ctx, 200, coordinator.pipelines()));
        router.get(PIPELINES + "/:id").handler(ctx -> reply(ctx, 200, coordinator.pipeline(ctx.pathParam("id"))));
        router.post(PIPELINES + "/:id/kill").handler(ctx -> {
            String id = ctx.pathParam("id");
            reply(ctx, 200, coordinator.killPipeline(id).compose(v -> coordinator.pipeline(id)));
        });
        router.get("/api/v1/workers").handler(ctx -> listed(ctx, ListQuery::of, query -> coordinator.workersPage(
                query.alive(), query.offset(), query.limit())));
        router.get("/api/v1/coordinator").handler(ctx -> reply(ctx, 200, coordinator.terms()
                .map(terms -> Map.of("term", coordinator.term(), "terms", terms))));
        // metrics and attempt logs (GET /metrics, GET .../attempts/{attempt}/log): see ObservabilityRoutes
        new ObservabilityRoutes(vertx, coordinator).mount(router);
        mountWorkerDownloads(router);
        // the web console: GET /api/v1/events (server-sent events), /webjars/*, and its static files at /
        ConsoleRoutes.mount(router, vertx, coordinator);
        router.route().failureHandler(ErrorResponses::handleFailure);
        router.errorHandler(404, ctx -> ErrorResponses.send(ctx, 404, null, "no such resource: " + ctx.request().path()));
        router.errorHandler(405, ctx -> ErrorResponses.send(ctx, 405, null,
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
        return router;
    }

    /**
     * A router serving only {@code GET /internal/jars/<hash>} and {@code GET /internal/files/<hash>}, for
     * {@link JarServer}: every answer needs a job's secret, so it needs neither the bearer token nor the Host check
     * (a page that rebinds DNS has no secret).
     */
    public Router jarRouter() {
        Router router = Router.router(vertx);
        mountWorkerDownloads(router);
        router.route().failureHandler(ErrorResponses::handleFailure);
        router.errorHandler(404, ctx -> ErrorResponses.send(ctx, 404, null, "this port serves only " + JARS
                + "/<hash> and " + FILES + "/<hash>; the REST API is on the coordinator's --http-port"));
        router.errorHandler(405, ctx -> ErrorResponses.send(ctx, 405, null,
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
        return router;
    }

    /**
     * Answers the page {@code list} gives for the request's query ({@link ListQuery}, {@link TaskQuery}) as
     * {@code parse} reads it, with its total count.
     */
    private static <Q, T> void listed(RoutingContext ctx, Function<RoutingContext, Q> parse,
                                      Function<Q, Future<Page<T>>> list) {
        Q query;
        try {
            query = parse.apply(ctx);
        } catch (ApiException e) {
            ErrorResponses.send(ctx, e);
            return;
        }
        reply(ctx, 200, list.apply(query).map(page -> ListQuery.answer(ctx, page)));
    }

    /** A job's tasks, a page of them or all (see {@link TaskListResponse}). */
    private void taskList(RoutingContext ctx) {
        TaskQuery query;
        try {
            query = TaskQuery.of(ctx, "", TaskQuery.WHOLE_LIST);
        } catch (ApiException e) {
            ErrorResponses.send(ctx, e);
            return;
        }
        TaskListResponse.send(ctx, coordinator, ctx.pathParam("id"), query);
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

    /** What workers download, by content hash and with a job's secret: job jars and side files. */
    private void mountWorkerDownloads(Router router) {
        router.get(JARS + "/:hash").handler(ctx -> serveDownload(ctx, coordinator::jarFor, "application/java-archive"));
        router.get(FILES + "/:hash").handler(ctx -> serveDownload(ctx, coordinator::sideFileFor,
                "application/octet-stream"));
    }

    private static void serveDownload(RoutingContext ctx, BiFunction<String, String, Future<Path>> lookup,
                                      String contentType) {
        String secret = ctx.request().getHeader(SECRET_HEADER);
        if (secret == null) {
            ErrorResponses.send(ctx, 403, null, "the job secret header " + SECRET_HEADER + " is required");
            return;
        }
        lookup.apply(ctx.pathParam("hash"), secret).onComplete(ar -> {
            if (ar.failed()) {
                ErrorResponses.send(ctx, ar.cause() instanceof SecurityException
                        ? new ApiException(403, null, ar.cause().getMessage()) : ar.cause());
                return;
            }
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).sendFile(ar.result().toString());
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
        List<FileUpload> files;
        try {
            files = SideFileParts.of(ctx);
        } catch (SpecException e) {
            ErrorResponses.send(ctx, e);
            return;
        }
        Future<String> submitted = vertx
                .executeBlocking(() -> prepare(jar, specFile, specText, files), false)
                .compose(coordinator::submit);
        submitted.onComplete(ar -> {
            if (ar.succeeded()) {
                boolean pipeline = CoordinatorVerticle.isPipelineId(ar.result());
                String location = (pipeline ? PIPELINES : JOBS) + "/" + ar.result();
                ctx.response().putHeader(HttpHeaders.LOCATION, location);
                Responses.json(ctx, 201, Map.of("id", ar.result(), "kind", pipeline ? "pipeline" : "job"));
            } else {
                ErrorResponses.send(ctx, ar.cause());
            }
        });
    }

    /**
     * Blocking: reads and checks the spec, checks the jar and the side files' names, then moves the jar and the side
     * files into their stores.
     */
    private JobSpec prepare(FileUpload jar, FileUpload specFile, String specText, List<FileUpload> files)
            throws SpecException, IOException {
        String text = specFile == null ? specText : readUtf8(Path.of(specFile.uploadedFileName()));
        SpecParser.ParsedSpec parsed = SpecParser.parse(text);
        Path upload = Path.of(jar.uploadedFileName());
        JobSpec checked = parsed.build(upload, SideFileParts.uploaded(files)); // checks before anything is kept
        JarStore.checkJar(upload, checked.jobClass(), jar.fileName());
        return parsed.build(jars.store(upload), SideFileParts.store(files, sideFiles));
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
