package io.gristmill.worker;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.FileTrees;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.JobEnded;
import io.gristmill.cluster.Messages.KillAttempt;
import io.gristmill.cluster.Messages.MapOutputsChanged;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.worker.internal.AttemptExecution;
import io.gristmill.worker.internal.BundleExecution;
import io.gristmill.worker.internal.CoordinatorClient;
import io.gristmill.worker.internal.JarCache;
import io.gristmill.worker.internal.JobCache;
import io.gristmill.worker.internal.LocalShuffleFetcher;
import io.gristmill.worker.internal.ShuffleFetcher;
import io.gristmill.worker.internal.WorkerMetrics;
import io.gristmill.worker.internal.logs.AttemptLogs;
import io.gristmill.cluster.metrics.Metrics;
import io.gristmill.worker.internal.shuffle.HttpShuffleFetcher;
import io.gristmill.worker.internal.shuffle.MapOutputRegistry;
import io.gristmill.worker.internal.shuffle.ShuffleServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker role: registers with the coordinator, heartbeats, and runs the attempts it is given on a pool of
 * task threads (one per slot), never on the event loop. Each RUN message is a bundle of attempts for one slot
 * (usually one attempt), run by a {@link BundleExecution}. Its state (the running attempts, its incarnation) is
 * confined to this verticle's context; task threads report back by hopping onto it.
 */
public final class WorkerVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(WorkerVerticle.class);
    private static final long REQUEST_TIMEOUT_MILLIS = 15_000;

    private final WorkerConfig config;
    private final java.util.function.Function<String, ShuffleFetcher> fetcherFactory;
    private ShuffleFetcher fetcher;
    private MapOutputRegistry registry;
    private ShuffleServer shuffleServer;
    private JobCache jobs;
    private final Metrics metrics = new Metrics();
    private final WorkerMetrics workerMetrics = new WorkerMetrics(metrics.registry());
    private final Map<String, AttemptExecution> running = new LinkedHashMap<>();
    // slots of this incarnation taken by bundles that have not ended; read by the metrics gauge
    private volatile int busySlots;
    private ExecutorService taskThreads;
    private CoordinatorClient coordinator;
    private MessageConsumer<Object> consumer;
    private String workerId;
    private String epoch;
    private int shufflePort;

    /** A worker that fetches map output over HTTP when it serves shuffle, else reads map files in place. */
    public WorkerVerticle(WorkerConfig config) {
        this(config, config.servesShuffle() ? HttpShuffleFetcher::new : id -> new LocalShuffleFetcher());
    }

    /** @param fetcherFactory makes the fetcher of one incarnation from its worker id */
    public WorkerVerticle(WorkerConfig config, java.util.function.Function<String, ShuffleFetcher> fetcherFactory) {
        this.config = config;
        this.fetcherFactory = fetcherFactory;
    }

    @Override
    public Future<?> start() throws Exception {
        Files.createDirectories(config.workDir());
        AttemptLogs.installProcessWide();
        workerMetrics.slots(config.slots(), () -> busySlots);
        taskThreads = Executors.newFixedThreadPool(config.slots(), taskThreadFactory());
        coordinator = new CoordinatorClient(vertx, REQUEST_TIMEOUT_MILLIS);
        registry = new MapOutputRegistry(config.workDir());
        jobs = new JobCache(new JarCache(config.workDir().resolve("jars")));
        vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> heartbeat());
        return startShuffleServer().compose(v -> registerUntilAccepted());
    }

    private Future<Void> startShuffleServer() {
        if (!config.servesShuffle()) {
            return Future.succeededFuture();
        }
        shuffleServer = new ShuffleServer(vertx, registry, metrics, AttemptLogs.root(config.workDir()));
        return shuffleServer.start(config.shuffleHost(), config.shufflePort()).map(port -> {
            shufflePort = port;
            return null;
        });
    }

    /** Registers, retrying every second while no coordinator answers (it may start after the workers). */
    private Future<Void> registerUntilAccepted() {
        return register().recover(e -> {
            log.info("no coordinator yet ({}); retrying", e.getMessage());
            io.vertx.core.Promise<Void> retry = io.vertx.core.Promise.promise();
            consumer.unregister().onComplete(v -> vertx.setTimer(1000, id -> registerUntilAccepted().onComplete(retry)));
            return retry.future();
        });
    }

    @Override
    public Future<?> stop() {
        running.values().forEach(AttemptExecution::cancel);
        taskThreads.shutdownNow();
        jobs.releaseAll();
        return shuffleServer == null ? Future.succeededFuture() : shuffleServer.close();
    }

    /** This worker's metrics, also served on the shuffle server's {@code /metrics}. */
    public Metrics metrics() {
        return metrics;
    }

    /** The port the shuffle server listens on (0 until started). */
    public int shufflePort() {
        return shufflePort;
    }

    /** This incarnation's id; a new one after the coordinator declared the previous one dead. */
    public String workerId() {
        return workerId;
    }

    private Future<Void> register() {
        workerId = "w-" + UUID.randomUUID().toString().substring(0, 8);
        consumer = vertx.eventBus().consumer(Addresses.worker(workerId), this::onMessage);
        RegisterWorker registration = new RegisterWorker(workerId, config.nodeId(), config.slots(), config.shuffleHost(),
                shufflePort);
        return consumer.completion()
                .compose(v -> coordinator.request(Addresses.REGISTER, registration))
                .map(reply -> {
                    Registered registered = Messages.decode(reply, Registered.class);
                    if (shuffleServer != null) { // a worker in the coordinator's process serves no HTTP
                        shuffleServer.logSecret(registered.logSecret());
                    }
                    epoch = registered.epoch();
                    fetcher = fetcherFactory.apply(workerId);
                    log.info("worker {} registered ({} slots), coordinator epoch {}", workerId, config.slots(), epoch);
                    return null;
                });
    }

    private void heartbeat() {
        if (epoch == null) {
            return;
        }
        Heartbeat beat = new Heartbeat(workerId, epoch, List.copyOf(running.keySet()));
        String incarnation = workerId;
        coordinator.request(Addresses.HEARTBEAT, beat).onFailure(e -> onCoordinatorRefusal(e, incarnation));
        reportProgress();
    }

    /** The progress of every running attempt, in one message; attempts the coordinator calls stale are dropped. */
    private void reportProgress() {
        if (running.isEmpty()) {
            return;
        }
        List<AttemptUpdate> updates = running.values().stream().map(attempt -> new AttemptUpdate(attempt.attempt().ref(),
                workerId, ReportedState.RUNNING, attempt.progress(), null, null, null, null)).toList();
        String incarnation = workerId;
        coordinator.request(Addresses.ATTEMPT_UPDATE, new AttemptUpdates(updates))
                .onSuccess(reply -> Messages.decode(reply, UpdatesAnswered.class).staleAttempts()
                        .forEach(ref -> drop(key(ref), "coordinator says stale")))
                .onFailure(e -> onCoordinatorRefusal(e, incarnation));
    }

    /**
     * The coordinator no longer knows this incarnation (it was declared dead, or the coordinator restarted): drop
     * every attempt and map output and register again as a new incarnation.
     */
    private void onCoordinatorRefusal(Throwable e, String incarnation) {
        if (!(e instanceof ReplyException r)) {
            return;
        }
        if (epoch == null || !incarnation.equals(workerId)) {
            // already registering again, or a late answer to the previous incarnation: one heartbeat and the
            // progress reports sent with it are all refused at once, and each must not start another incarnation
            return;
        }
        if (r.failureCode() != FailureCode.STALE_WORKER && r.failureCode() != FailureCode.STALE_EPOCH) {
            return;
        }
        log.warn("worker {} is stale ({}); dropping its attempts and outputs and registering again", workerId, r.getMessage());
        epoch = null;
        running.values().forEach(AttemptExecution::cancel);
        running.clear();
        busySlots = 0; // the cancelled bundles end on their own; the next incarnation starts with free slots
        jobs.releaseAll();
        registry.clear();
        // Neither step may stop the worker from registering again: the cluster may be between members (the
        // unregistration fails) and a cancelled attempt may still be writing under the work dir (the delete fails).
        bestEffort(consumer.unregister(), "unregister the stale incarnation")
                .compose(v -> bestEffort(vertx.executeBlocking(() -> {
                    deleteAllButLogs();
                    return null;
                }), "empty the work dir " + config.workDir()))
                .compose(v -> registerUntilAccepted());
    }

    private Future<Void> bestEffort(Future<?> step, String what) {
        return step.<Void>mapEmpty().recover(e -> {
            log.warn("worker could not {} ({}); registering again anyway", what, e.toString());
            return Future.succeededFuture();
        });
    }

    /** Empties the work dir except the attempt logs, which stay readable after their jobs. */
    private void deleteAllButLogs() throws java.io.IOException {
        Files.createDirectories(config.workDir());
        java.nio.file.Path logs = AttemptLogs.root(config.workDir());
        try (java.util.stream.Stream<java.nio.file.Path> children = Files.list(config.workDir())) {
            for (java.nio.file.Path child : children.toList()) {
                if (!child.equals(logs)) {
                    FileTrees.deleteRecursively(child);
                }
            }
        }
    }

    private void onMessage(Message<Object> message) {
        try {
            WorkerAction action = WorkerAction.valueOf(message.headers().get(Addresses.ACTION_HEADER));
            switch (action) {
                case RUN -> onRun(message, Messages.decode(message.body(), RunAttempts.class).attempts());
                case KILL -> onKill(Messages.decode(message.body(), KillAttempt.class));
                case MAP_OUTPUTS -> onMapOutputs(Messages.decode(message.body(), MapOutputsChanged.class));
                case JOB_ENDED -> onJobEnded(Messages.decode(message.body(), JobEnded.class));
            }
        } catch (RuntimeException e) {
            log.warn("bad message to worker {}: {}", workerId, e.toString());
            message.fail(FailureCode.BAD_REQUEST, e.toString());
        }
    }

    private void onRun(Message<Object> message, List<RunAttempt> bundle) {
        if (bundle.isEmpty()) {
            message.fail(FailureCode.BAD_REQUEST, "no attempt to run");
            return;
        }
        if (bundle.stream().anyMatch(run -> !run.ref().epoch().equals(epoch))) {
            message.fail(FailureCode.STALE_EPOCH, "worker is registered with epoch " + epoch);
            return;
        }
        if (busySlots >= config.slots()) {
            message.fail(FailureCode.NO_FREE_SLOT, "no free slot on " + workerId);
            return;
        }
        List<AttemptExecution> attempts = new ArrayList<>(bundle.size());
        AttemptExecution.Environment environment = environment();
        for (RunAttempt run : bundle) {
            AttemptExecution attempt = new AttemptExecution(run, environment);
            running.put(key(run.ref()), attempt);
            attempts.add(attempt);
        }
        busySlots++;
        String incarnation = workerId;
        message.reply(new JsonObject());
        taskThreads.execute(new BundleExecution(attempts, coordinator,
                // context, not vertx: from a task thread vertx.runOnContext picks some event loop, not this verticle's
                outcomes -> context.runOnContext(v -> bundleEnded(incarnation, attempts, outcomes))));
    }

    /** Frees the bundle's slot and reports the outcomes of its attempts that were not dropped meanwhile. */
    private void bundleEnded(String incarnation, List<AttemptExecution> attempts, List<AttemptUpdate> outcomes) {
        if (!incarnation.equals(workerId)) {
            return; // a previous incarnation's bundle: its attempts were dropped and nobody wants its news
        }
        busySlots--;
        java.util.Set<String> current = new java.util.HashSet<>();
        for (AttemptExecution attempt : attempts) {
            String key = key(attempt.attempt().ref());
            if (running.remove(key, attempt)) {
                current.add(key);
            }
        }
        List<AttemptUpdate> updates = outcomes.stream().filter(update -> current.contains(key(update.ref()))).toList();
        if (updates.isEmpty()) {
            return;
        }
        coordinator.request(Addresses.ATTEMPT_UPDATE, new AttemptUpdates(updates))
                .onFailure(e -> onCoordinatorRefusal(e, incarnation));
    }

    private AttemptExecution.Environment environment() {
        return new AttemptExecution.Environment(workerId, config.shuffleHost(), shufflePort, config.workDir(),
                defaultSortBuffer(config.slots()), jobs, coordinator, fetcher, registry, workerMetrics,
                AttemptLogs.root(config.workDir()));
    }

    /** Sort buffer when the job gives none: a share of the heap per slot, between 16 MiB and 512 MiB. */
    static long defaultSortBuffer(int slots) {
        long share = (long) (Runtime.getRuntime().maxMemory() * 0.4 / slots);
        return Math.max(16L << 20, Math.min(512L << 20, share));
    }

    private void onKill(KillAttempt kill) {
        drop(key(kill.ref()), kill.reason());
    }

    /** Running attempts are keyed by job and attempt: attempt ids repeat across jobs. */
    private static String key(Messages.AttemptRef ref) {
        return ref.jobId() + "/" + ref.attemptId();
    }

    private void drop(String attemptId, String reason) {
        AttemptExecution attempt = running.remove(attemptId);
        if (attempt != null) {
            log.info("dropping attempt {}: {}", attemptId, reason);
            attempt.cancel();
        }
    }

    private void onMapOutputs(MapOutputsChanged changed) {
        AttemptExecution attempt = running.get(key(changed.reducer()));
        if (attempt == null || attempt.reduceInputs() == null) {
            return;
        }
        changed.ready().forEach(attempt.reduceInputs()::add);
        changed.obsoleteAttempts().forEach(attempt.reduceInputs()::obsolete);
    }

    private void onJobEnded(JobEnded ended) {
        running.values().stream().filter(a -> a.attempt().ref().jobId().equals(ended.jobId())).toList()
                .forEach(a -> drop(key(a.attempt().ref()), "job ended"));
        registry.dropJob(ended.jobId());
        vertx.executeBlocking(() -> {
            jobs.release(ended.jobId());
            FileTrees.deleteRecursively(config.workDir().resolve(ended.jobId()));
            return null;
        }, false).onFailure(e -> log.warn("could not clean up job {}: {}", ended.jobId(), e.toString()));
    }

    private static ThreadFactory taskThreadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "gristmill-task-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

}
