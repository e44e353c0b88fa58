package io.gristmill.worker;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Epochs;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.FileTrees;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.HeldMapOutput;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.JobEnded;
import io.gristmill.cluster.Messages.KillAttempt;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.TaskType;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.worker.internal.AttemptExecution;
import io.gristmill.worker.internal.AttemptTable;
import io.gristmill.worker.internal.Bundle;
import io.gristmill.worker.internal.CancellationWatchdog;
import io.gristmill.worker.internal.CoordinatorClient;
import io.gristmill.worker.internal.ContentDownloader;
import io.gristmill.worker.internal.JarCache;
import io.gristmill.worker.internal.JobCache;
import io.gristmill.worker.internal.SideFileCache;
import io.gristmill.worker.internal.LocalShuffleFetcher;
import io.gristmill.worker.internal.MapOutputPoller;
import io.gristmill.worker.internal.ShuffleFetcher;
import io.gristmill.worker.internal.SlotBook;
import io.gristmill.worker.internal.WorkerAttempt;
import io.gristmill.worker.internal.WorkerAttemptState;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker role: registers with the coordinator, heartbeats, and runs the attempts it is given on task threads
 * (one per bundle), never on the event loop. Each RUN message is a {@link Bundle} of attempts for one slot
 * (usually one attempt).
 *
 * <p>The worker owns the truth about its slots: a bundle holds its slot until its thread has ended, whatever it was
 * told. KILL, a drop as stale, or the end of the job make an attempt STOPPING (cancelled, still listed in
 * heartbeats); when its thread ends the coordinator gets a STOPPED update, and only then may it fill the slot.
 * Attempts of an incarnation the coordinator forgot become leftovers whose slots stay busy. A
 * {@link CancellationWatchdog} finds attempts that do not stop and, as the {@code worker} command, exits the
 * process when the worker cannot recover.
 *
 * <p>All this state is confined to this verticle's context; task threads report back only by hopping onto it
 * with {@code context.runOnContext}.
 */
public final class WorkerVerticle extends VerticleBase {
    /** Exit status of a worker process that stopped because attempts would not stop (EX_SOFTWARE). */
    public static final int EXIT_STUCK = 70;
    private static final Logger log = LoggerFactory.getLogger(WorkerVerticle.class);

    private final WorkerConfig config;
    private final java.util.function.Function<String, ShuffleFetcher> fetcherFactory;
    private ShuffleFetcher fetcher;
    private MapOutputRegistry registry;
    private ShuffleServer shuffleServer;
    private JobCache jobs;
    private SideFileCache sideFiles;
    private final Metrics metrics = new Metrics();
    private final WorkerMetrics workerMetrics = new WorkerMetrics(metrics.registry());
    private final AttemptTable attempts = new AttemptTable();
    private final SlotBook<Bundle> slots;
    private CancellationWatchdog watchdog;
    private ExecutorService taskThreads;
    private CoordinatorClient coordinator;
    private MapOutputPoller mapOutputs;
    private MessageConsumer<Object> consumer;
    private String workerId;
    private String epoch;
    // the newest coordinator term this worker registered with: an older coordinator's registration is refused
    private long highestTerm = -1;
    // finished map outputs this worker serves, by job/attempt, with their counters: offered to the coordinator of a
    // new term when this worker registers again (they die with the incarnation only when it is declared dead)
    private final java.util.Map<String, HeldMapOutput> heldOutputs = new java.util.LinkedHashMap<>();
    private int shufflePort;

    /** A worker that fetches map output over HTTP when it serves shuffle, else reads map files in place. */
    public WorkerVerticle(WorkerConfig config) {
        this(config, config.servesShuffle() ? HttpShuffleFetcher::new : id -> new LocalShuffleFetcher());
    }

    /** @param fetcherFactory makes the fetcher of one incarnation from its worker id */
    public WorkerVerticle(WorkerConfig config, java.util.function.Function<String, ShuffleFetcher> fetcherFactory) {
        this.config = config;
        this.fetcherFactory = fetcherFactory;
        this.slots = new SlotBook<>(config.slots());
    }

    @Override
    public Future<?> start() throws Exception {
        Files.createDirectories(config.workDir());
        AttemptLogs.installProcessWide();
        watchdog = new CancellationWatchdog(config.cancelTimeout(), config.slots(), WorkerVerticle::nowMillis,
                (delay, action) -> vertx.setTimer(delay, id -> action.run()), stuckListener());
        workerMetrics.slots(config.slots(), slots::busy, watchdog::stuckCount);
        // A thread per bundle (reused when free): a new bundle never queues behind a thread that will not end.
        // The slot book bounds how many run at once.
        taskThreads = Executors.newCachedThreadPool(taskThreadFactory());
        coordinator = new CoordinatorClient(vertx, Addresses.WORKER_REQUEST_TIMEOUT.toMillis());
        registry = new MapOutputRegistry(config.workDir());
        mapOutputs = new MapOutputPoller(vertx, coordinator, registry);
        ContentDownloader downloader = new ContentDownloader();
        jobs = new JobCache(new JarCache(config.workDir().resolve("jars"), downloader));
        sideFiles = new SideFileCache(config.workDir().resolve("side-files"), downloader, workerMetrics::sideFileDownloaded);
        vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> heartbeat());
        vertx.eventBus().<String>consumer(Addresses.COORDINATOR_ACTIVE, announced -> {
            if (epoch != null && !epoch.equals(announced.body())) {
                heartbeat(); // a new coordinator: its refusal of our epoch makes us register again, now
            }
        });
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
        slots.all().forEach(bundle -> bundle.attempts().forEach(a -> a.execution().cancel()));
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
                shufflePort, slots.leftover(), List.copyOf(heldOutputs.values()));
        return consumer.completion()
                .compose(v -> coordinator.request(Addresses.REGISTER, registration))
                .map(reply -> {
                    Registered registered = Messages.decode(reply, Registered.class);
                    long term = Epochs.term(registered.epoch());
                    if (term < highestTerm) { // a coordinator that a newer one has replaced, not yet stopped
                        throw new IllegalStateException("coordinator epoch " + registered.epoch() + " is of term " + term
                                + ", older than term " + highestTerm + " this worker has followed");
                    }
                    highestTerm = term;
                    if (shuffleServer != null) { // a worker in the coordinator's process serves no HTTP
                        shuffleServer.logSecret(registered.logSecret());
                    }
                    epoch = registered.epoch();
                    fetcher = fetcherFactory.apply(workerId);
                    log.info("worker {} registered ({} slots), coordinator epoch {}", workerId, config.slots(), epoch);
                    heartbeat(); // at once: the coordinator sends work only after it has seen our epoch in one
                    return null;
                });
    }

    private void heartbeat() {
        if (epoch == null) {
            return;
        }
        Heartbeat beat = new Heartbeat(workerId, epoch, attempts.keys(), slots.leftover(),
                watchdog.stuck().stream().filter(attempts::contains).toList());
        String incarnation = workerId;
        coordinator.request(Addresses.HEARTBEAT, beat).onFailure(e -> onCoordinatorRefusal(e, incarnation));
        reportProgress();
    }

    /**
     * The progress of every attempt not told to stop, in one message; attempts the coordinator calls stale are
     * told to stop.
     */
    private void reportProgress() {
        List<AttemptUpdate> updates = attempts.all().stream()
                .filter(a -> a.state() == WorkerAttemptState.RUNNING)
                .map(a -> new AttemptUpdate(a.execution().attempt().ref(), workerId, ReportedState.RUNNING,
                        a.execution().progress(), null, null, null, null, a.execution().activity(), null)).toList();
        if (updates.isEmpty()) {
            return;
        }
        String incarnation = workerId;
        coordinator.request(Addresses.ATTEMPT_UPDATE, new AttemptUpdates(updates))
                .onSuccess(reply -> Messages.decode(reply, UpdatesAnswered.class).staleAttempts()
                        .forEach(ref -> stop(WorkerAttempt.keyOf(ref), "coordinator says stale")))
                .onFailure(e -> onCoordinatorRefusal(e, incarnation));
    }

    /**
     * The coordinator no longer knows this incarnation (it was declared dead, or the coordinator restarted): stop
     * every attempt, drop the map outputs and register again as a new incarnation. The bundles still running
     * become leftovers: their slots stay busy until their threads end.
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
        if (r.failureCode() == FailureCode.STALE_EPOCH && Epochs.termOfRefusal(r.getMessage()) < Epochs.term(epoch)) {
            // a coordinator of an older term that has not stepped down yet: it is the stale one, not this worker
            return;
        }
        epoch = null;
        for (Bundle bundle : slots.retireCurrent()) {
            bundle.attempts().forEach(a -> stop(a, "its incarnation is stale"));
        }
        attempts.clear();
        jobs.releaseAll();
        if (r.failureCode() == FailureCode.STALE_EPOCH) {
            // another coordinator term: this incarnation is not dead, so its finished map outputs stand; it offers
            // them when it registers again, and a resumed job uses them instead of running those maps again
            log.warn("worker {}: the coordinator changed ({}); stopping its attempts, keeping {} map outputs, registering"
                    + " again", workerId, r.getMessage(), heldOutputs.size());
            bestEffort(consumer.unregister(), "unregister from the previous coordinator").compose(v -> registerUntilAccepted());
            return;
        }
        log.warn("worker {} is stale ({}); dropping its attempts and outputs and registering again", workerId, r.getMessage());
        sideFiles.forgetAll(); // their files go with the work dir below (a new term keeps them: same jobs, same hashes)
        registry.clear();
        heldOutputs.clear();
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
        if (!slots.hasFreeSlot()) {
            message.fail(FailureCode.NO_FREE_SLOT, "no free slot on " + workerId + ": " + slots.busy() + " of "
                    + slots.slots() + " busy (" + slots.leftover() + " by earlier incarnations)");
            return;
        }
        List<AttemptExecution> executions = new ArrayList<>(bundle.size());
        AttemptExecution.Environment environment = environment();
        for (RunAttempt run : bundle) {
            executions.add(new AttemptExecution(run, environment, run.type() == TaskType.REDUCE
                    ? mapOutputs.outputsOf(run.ref(), workerId, run.numMaps()) : null));
        }
        // context, not vertx: from a task thread vertx.runOnContext picks some event loop, not this verticle's
        Bundle accepted = new Bundle(workerId, executions, coordinator,
                ended -> context.runOnContext(v -> bundleEnded(ended)));
        slots.take(accepted);
        attempts.addAll(accepted);
        message.reply(new JsonObject());
        for (AttemptExecution execution : executions) {
            if (execution.wantsMapOutputs()) {
                execution.mapOutputAnswersNeeded(mapOutputs.follow(execution, workerId));
            }
        }
        taskThreads.execute(accepted.task());
    }

    /**
     * A bundle's thread has ended: its slot is free. The coordinator hears STOPPED for its attempts that were told
     * to stop and the outcomes of the others; a leftover's end is news only for the slot count, sent at once.
     */
    private void bundleEnded(Bundle bundle) {
        boolean leftover = slots.release(bundle);
        for (WorkerAttempt attempt : bundle.attempts()) {
            attempt.threadEnded();
            watchdog.ended(attempt.key());
        }
        if (leftover) {
            log.info("{} of an earlier incarnation ended; its slot is free", bundle);
            heartbeat();
            return;
        }
        attempts.removeAll(bundle);
        List<AttemptUpdate> updates = bundle.attempts().stream().map(a -> a.report(workerId))
                .filter(Objects::nonNull).toList();
        for (AttemptUpdate update : updates) {
            if (update.state() == ReportedState.SUCCEEDED && update.mapOutput() != null) {
                MapOutputLocation out = update.mapOutput();
                heldOutputs.put(update.ref().jobId() + "/" + out.attemptId(), new HeldMapOutput(update.ref().jobId(),
                        out.mapTaskId(), out.attemptId(), out.dataPath(), out.indexPath(), update.counters()));
            }
        }
        if (updates.isEmpty()) {
            return;
        }
        String incarnation = workerId;
        coordinator.request(Addresses.ATTEMPT_UPDATE, new AttemptUpdates(updates))
                .onFailure(e -> onCoordinatorRefusal(e, incarnation));
    }

    private AttemptExecution.Environment environment() {
        return new AttemptExecution.Environment(workerId, config.shuffleHost(), shufflePort, config.workDir(),
                defaultSortBuffer(config.slots()), jobs, sideFiles, coordinator, fetcher, registry, workerMetrics,
                AttemptLogs.root(config.workDir()));
    }

    /** Sort buffer when the job gives none: a share of the heap per slot, between 16 MiB and 512 MiB. */
    static long defaultSortBuffer(int slots) {
        long share = (long) (Runtime.getRuntime().maxMemory() * 0.4 / slots);
        return Math.max(16L << 20, Math.min(512L << 20, share));
    }

    private void onKill(KillAttempt kill) {
        stop(WorkerAttempt.keyOf(kill.ref()), kill.reason());
    }

    private void stop(String key, String reason) {
        WorkerAttempt attempt = attempts.get(key);
        if (attempt != null) {
            stop(attempt, reason);
        }
    }

    /** Tells an attempt to stop (once) and has the watchdog see that it does. */
    private void stop(WorkerAttempt attempt, String reason) {
        if (attempt.stop()) {
            log.info("stopping attempt {}: {}", attempt.key(), reason);
            watchdog.stopRequested(attempt.key(), attempt::threadIsIn);
        }
    }

    private void onJobEnded(JobEnded ended) {
        attempts.ofJob(ended.jobId()).forEach(a -> stop(a, "job ended"));
        registry.dropJob(ended.jobId());
        mapOutputs.jobEnded(ended.jobId());
        if (fetcher != null) {
            fetcher.jobEnded(ended.jobId());
        }
        heldOutputs.keySet().removeIf(key -> key.startsWith(ended.jobId() + "/"));
        vertx.executeBlocking(() -> {
            jobs.release(ended.jobId());
            sideFiles.release(ended.jobId());
            FileTrees.deleteRecursively(config.workDir().resolve(ended.jobId()));
            return null;
        }, false).onFailure(e -> log.warn("could not clean up job {}: {}", ended.jobId(), e.toString()));
    }

    private CancellationWatchdog.Listener stuckListener() {
        return new CancellationWatchdog.Listener() {
            @Override
            public void stuck(String attempt, Duration sinceStop) {
                log.warn("attempt {} has not stopped {} s after it was told to (its code ignores interrupts?); its slot"
                        + " stays busy and heartbeats list it as stuck", attempt, sinceStop.toSeconds());
            }

            @Override
            public void fatal(List<String> stuck, String reason) {
                onStuckForGood(stuck, reason);
            }
        };
    }

    /** Attempts that will not stop: the worker process exits so that its supervisor starts a fresh one. */
    private void onStuckForGood(List<String> stuck, String reason) {
        if (!config.exitWhenStuck()) {
            log.error("worker {}: attempt(s) {} will not stop ({}); their slots stay busy until they do (a worker inside"
                    + " another process never exits it)", workerId, stuck, reason);
            return;
        }
        log.error("worker {} exits with status {} so that its supervisor restarts it: attempt(s) {} will not stop ({})",
                workerId, EXIT_STUCK, stuck, reason);
        // not on the event loop: System.exit blocks until the shutdown hooks are done, and they close Vert.x
        Thread exit = new Thread(() -> System.exit(EXIT_STUCK), "gristmill-stuck-exit");
        exit.start();
    }

    private static long nowMillis() {
        return System.nanoTime() / 1_000_000;
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
