package io.gristmill.simulator;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.CommitDecision;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequest;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.JobEnded;
import io.gristmill.cluster.Messages.KillAttempt;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputsWanted;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.WorkerAction;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One simulated worker: the real worker's protocol (see {@code WorkerVerticle}) with no task code and no data.
 * It registers (a fresh worker id per incarnation), heartbeats every second listing its attempts, with their
 * progress, accepts RUN bundles into its slots, "runs" each attempt for a time drawn from a {@link TaskTimeModel},
 * reports maps that feed reducers SUCCEEDED with a fake {@link MapOutputLocation}, and has reducers (and maps of a
 * map-only job) ask for the commit first; a granted one creates the empty {@code _temporary/committed/<task>} file
 * the coordinator's job commit moves, exactly where a real attempt renames its output. A reducer reads its job's map
 * output log from the coordinator as the real one's {@code MapOutputPoller} does, and its modelled time begins once
 * it knows an output of every map (the fetch costs nothing). KILL, stale answers and JOB_ENDED stop
 * attempts; STALE_WORKER or STALE_EPOCH make it register again as a new incarnation. {@link #silence} makes it go
 * quiet for good: no heartbeat, no reply, no report. All state is confined to this verticle's event loop.
 */
final class SimWorker extends VerticleBase {
    private static final long REQUEST_TIMEOUT_MILLIS = 15_000;
    private static final Map<String, Map<String, Long>> COUNTERS = Map.of("gristmill", Map.of("SIMULATED_TASKS", 1L));
    // one per JVM: its workers read the same slices (a job's log is cut at the same positions for every reader)
    private static final DecodedSlices SLICES = new DecodedSlices(256);

    private final String name;
    private final String nodeId;
    private final int slots;
    private final TaskTimeModel mapTimes;
    private final TaskTimeModel reduceTimes;
    private final BusCounters bus;
    private final Random random;
    private final Map<String, SimBundle> bundleOf = new LinkedHashMap<>(); // attempt key -> its bundle
    private final Map<String, SimJobOutputs> jobOutputs = new HashMap<>(); // job id -> this incarnation's view
    private int busy;
    private int incarnation;
    private String workerId;
    private String epoch;
    private MessageConsumer<Object> consumer;
    private boolean silent;

    /** @param name unique in the simulation; worker ids are {@code name} plus the incarnation */
    SimWorker(String name, String nodeId, int slots, TaskTimeModel mapTimes, TaskTimeModel reduceTimes,
              BusCounters bus, long seed) {
        this.name = name;
        this.nodeId = nodeId;
        this.slots = slots;
        this.mapTimes = mapTimes;
        this.reduceTimes = reduceTimes;
        this.bus = bus;
        this.random = new Random(seed);
    }

    @Override
    public Future<?> start() {
        // heartbeats spread over the second, as those of independent machines are
        vertx.setTimer(1 + random.nextInt(1000), id -> vertx.setPeriodic(1000, t -> heartbeat()));
        registerUntilAccepted();
        return Future.succeededFuture();
    }

    /** Goes silent for good, as a hung machine: no heartbeats, no replies, no reports. Any thread. */
    void silence() {
        context.runOnContext(v -> silent = true);
    }

    private void registerUntilAccepted() {
        if (silent) {
            return;
        }
        workerId = name + "-i" + (++incarnation);
        jobOutputs.clear(); // log positions of the last incarnation's epoch
        consumer = vertx.eventBus().consumer(Addresses.worker(workerId), this::onMessage);
        RegisterWorker registration = new RegisterWorker(workerId, nodeId, slots, "127.0.0.1", 1);
        String incarnationId = workerId;
        consumer.completion()
                .compose(v -> request(Addresses.REGISTER, "REGISTER", registration))
                .onSuccess(reply -> {
                    epoch = Messages.decode(reply, Registered.class).epoch();
                    heartbeat(); // at once: the coordinator fills our slots only once a heartbeat carried the epoch
                })
                .onFailure(e -> {
                    if (incarnationId.equals(workerId)) { // no coordinator yet (or a refusal): try again
                        consumer.unregister().onComplete(u -> vertx.setTimer(1000, id -> registerUntilAccepted()));
                    }
                });
    }

    private void heartbeat() {
        if (epoch == null || silent) {
            return;
        }
        String incarnationId = workerId;
        request(Addresses.HEARTBEAT, "HEARTBEAT", new Heartbeat(workerId, epoch, List.copyOf(bundleOf.keySet())))
                .onFailure(e -> onRefusal(e, incarnationId));
        List<AttemptUpdate> progress = new ArrayList<>();
        for (SimBundle bundle : new ArrayList<>(new java.util.LinkedHashSet<>(bundleOf.values()))) {
            SimAttempt attempt = bundle.current();
            if (attempt != null && !attempt.stopped()) {
                progress.add(new AttemptUpdate(attempt.ref(), workerId, ReportedState.RUNNING, 0.5, null, null, null,
                        null, 1, null));
            }
        }
        if (!progress.isEmpty()) {
            request(Addresses.ATTEMPT_UPDATE, "ATTEMPT_UPDATE(progress)", new AttemptUpdates(progress))
                    .onSuccess(this::dropStale).onFailure(e -> onRefusal(e, incarnationId));
        }
    }

    private void onMessage(Message<Object> message) {
        if (silent) {
            return; // a hung machine answers nothing; the coordinator's requests time out
        }
        String action = message.headers().get(Addresses.ACTION_HEADER);
        bus.fromCoordinator(action, sizeOf(message.body()));
        WorkerAction kind;
        try {
            kind = WorkerAction.valueOf(action);
        } catch (RuntimeException e) {
            message.fail(FailureCode.BAD_REQUEST, e.toString());
            return;
        }
        handle(message, kind, decode(kind, message.body()));
    }

    private static Object decode(WorkerAction kind, Object body) {
        try {
            return switch (kind) {
                case RUN -> Messages.decode(body, RunAttempts.class).attempts();
                case KILL -> Messages.decode(body, KillAttempt.class);
                case JOB_ENDED -> Messages.decode(body, JobEnded.class);
            };
        } catch (RuntimeException e) {
            return e;
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Message<Object> message, WorkerAction kind, Object decoded) {
        if (silent) {
            return;
        }
        if (decoded instanceof Throwable e) {
            message.fail(FailureCode.BAD_REQUEST, e.toString());
            return;
        }
        switch (kind) {
            case RUN -> onRun(message, (List<RunAttempt>) decoded);
            case KILL -> stop(SimAttempt.key(((KillAttempt) decoded).ref()));
            case JOB_ENDED -> onJobEnded(((JobEnded) decoded).jobId());
        }
    }

    private void onRun(Message<Object> message, List<RunAttempt> runs) {
        if (runs.isEmpty() || runs.stream().anyMatch(run -> !run.ref().epoch().equals(epoch))) {
            message.fail(FailureCode.STALE_EPOCH, "worker is registered with epoch " + epoch);
            return;
        }
        if (busy >= slots) {
            message.fail(FailureCode.NO_FREE_SLOT, "no free slot on " + workerId);
            return;
        }
        SimBundle bundle = new SimBundle(runs.stream().map(SimAttempt::new).toList());
        busy++;
        bundle.attempts().forEach(a -> bundleOf.put(a.key(), bundle));
        JsonObject ack = new JsonObject();
        bus.toCoordinator("RUN reply", 2);
        message.reply(ack);
        for (SimAttempt reducer : bundle.attempts()) {
            if (reducer.isReduce()) {
                SimJobOutputs outputs = outputsOf(reducer);
                outputs.readers().add(reducer);
                if (outputs.reading()) {
                    reducer.reads(outputs, outputs.answers());
                } else { // nobody kept the view current: wait for one reply, asked to come at once
                    reducer.reads(outputs, outputs.answers() + 1);
                    outputs.catchUp();
                    readMapOutputs(reducer.ref().jobId(), outputs, workerId);
                }
            }
        }
        runNext(bundle);
    }

    /** Starts the bundle's next attempt, or asks for the commits and reports once every attempt had its turn. */
    private void runNext(SimBundle bundle) {
        SimAttempt attempt = bundle.advance();
        if (attempt == null) {
            commitAndReport(bundle);
        } else if (attempt.hasAllInputs()) {
            startTimer(bundle, attempt);
        } // else a reducer waiting for map outputs: onMapOutputs starts it
    }

    private void startTimer(SimBundle bundle, SimAttempt attempt) {
        long millis = (attempt.isReduce() ? reduceTimes : mapTimes).sample(random);
        attempt.ranFor(Math.max(0, millis));
        long step = bundle.startRunning();
        // a kill may move the bundle on first; the step check keeps this from ending the next attempt too
        if (millis <= 0) {
            context.runOnContext(v -> {
                if (bundle.isStep(step)) {
                    runNext(bundle);
                }
            });
        } else {
            bundle.timer(vertx.setTimer(millis, id -> runNext(bundle)));
        }
    }

    /** The view of the reducer's job's map outputs that this incarnation's reducers of the job share. */
    private SimJobOutputs outputsOf(SimAttempt reducer) {
        SimJobOutputs outputs = jobOutputs.get(reducer.ref().jobId());
        if (outputs == null || !outputs.epoch().equals(reducer.ref().epoch())) {
            outputs = new SimJobOutputs(reducer.ref().epoch(), reducer.run().numMaps());
            jobOutputs.put(reducer.ref().jobId(), outputs);
        }
        return outputs;
    }

    /**
     * Reads the job's map output log from where this worker stands, as the real worker's {@code MapOutputPoller}:
     * once for all of its reducers of the job, naming one that still waits; again at once after each answer (the
     * coordinator holds the request while there is no news), until no reducer here waits any more. A reducer the
     * coordinator refuses hands over to the next. A reducer that now knows every input begins its modelled time.
     */
    private void readMapOutputs(String jobId, SimJobOutputs outputs, String incarnationId) {
        SimAttempt reducer = outputs.anyReaderWanting();
        outputs.reading(!silent && incarnationId.equals(workerId) && reducer != null
                && jobOutputs.get(jobId) == outputs);
        if (!outputs.reading()) {
            return;
        }
        int from = outputs.next();
        request(Addresses.MAP_OUTPUTS, "MAP_OUTPUTS", new MapOutputsWanted(reducer.ref(), workerId, from,
                outputs.catchingUp() ? 0 : REQUEST_TIMEOUT_MILLIS / 2)).onComplete(answer -> {
            if (silent || !incarnationId.equals(workerId)) {
                return;
            }
            if (answer.failed()) {
                if (!(answer.cause() instanceof ReplyException r) || r.failureCode() < FailureCode.BAD_REQUEST
                        || r.failureCode() == FailureCode.INTERNAL) { // no answer: the same position again, shortly
                    vertx.setTimer(1000, t -> readMapOutputs(jobId, outputs, incarnationId));
                } else { // that reducer is not current: another of the job's, if one is left
                    outputs.readers().remove(reducer);
                    readMapOutputs(jobId, outputs, incarnationId);
                }
                return;
            }
            MapOutputChanges changes = SLICES.decode(jobId, from, answer.result());
            changes.runs().forEach(outputs::apply);
            outputs.next(changes.next());
            outputs.answered();
            for (SimAttempt waiting : List.copyOf(outputs.readers())) {
                SimBundle bundle = bundleOf.get(waiting.key());
                if (bundle != null && waiting == bundle.current() && !bundle.running() && !waiting.stopped()
                        && waiting.hasAllInputs()) {
                    startTimer(bundle, waiting);
                }
            }
            readMapOutputs(jobId, outputs, incarnationId);
        });
    }

    private void onJobEnded(String jobId) {
        jobOutputs.remove(jobId);
        List<String> keys = bundleOf.keySet().stream().filter(k -> k.startsWith(jobId + "/")).toList();
        keys.forEach(this::stop);
    }

    /** Stops an attempt; if it was the one in hand, its bundle moves on at once (nothing to interrupt). */
    private void stop(String key) {
        SimBundle bundle = bundleOf.get(key);
        if (bundle == null) {
            return;
        }
        for (SimAttempt attempt : bundle.attempts()) {
            if (attempt.key().equals(key) && !attempt.stopped()) {
                attempt.stop();
                if (attempt == bundle.current()) {
                    if (bundle.timer() >= 0) {
                        vertx.cancelTimer(bundle.timer());
                    }
                    runNext(bundle);
                }
            }
        }
    }

    private void dropStale(Object reply) {
        Messages.decode(reply, UpdatesAnswered.class).staleAttempts().forEach(ref -> stop(SimAttempt.key(ref)));
    }

    /** One commit request for the bundle's attempts that write job output, then one report for all of them. */
    private void commitAndReport(SimBundle bundle) {
        List<SimAttempt> awaiting = bundle.attempts().stream().filter(a -> !a.stopped() && a.needsCommit()).toList();
        if (awaiting.isEmpty()) {
            report(bundle, Map.of());
            return;
        }
        String incarnationId = workerId;
        CommitRequests requests = new CommitRequests(awaiting.stream()
                .map(a -> new CommitRequest(a.ref(), workerId, COUNTERS)).toList());
        request(Addresses.COMMIT, "COMMIT", requests).onComplete(answer -> {
            if (!incarnationId.equals(workerId)) {
                return; // this incarnation was dropped while it waited; its bundles are gone
            }
            Map<SimAttempt, String> outcome = new HashMap<>();
            List<Future<Void>> renames = new ArrayList<>();
            if (answer.failed()) {
                awaiting.forEach(a -> outcome.put(a, "commit request failed: " + answer.cause().getMessage()));
            } else {
                List<CommitDecision> decisions = Messages.decode(answer.result(), CommitDecisions.class).decisions();
                for (int i = 0; i < awaiting.size(); i++) {
                    SimAttempt attempt = awaiting.get(i);
                    if (i < decisions.size() && decisions.get(i).granted()) {
                        renames.add(createCommittedFile(attempt));
                    } else {
                        attempt.stop(); // another attempt committed the task: dropped silently, as the real one
                        outcome.put(attempt, null);
                    }
                }
            }
            Future.join(renames).onComplete(done -> report(bundle, outcome));
        });
    }

    /** Where the real attempt renames its output; the coordinator's job commit moves it to {@code part-<task>}. */
    private Future<Void> createCommittedFile(SimAttempt attempt) {
        String file = Path.of(attempt.run().outputDir(), "_temporary", "committed", attempt.ref().taskId()).toString();
        return vertx.fileSystem().writeFile(file, Buffer.buffer());
    }

    /**
     * The bundle's "thread" ended: its slot is free and the coordinator hears every attempt's end in one message.
     *
     * @param failures attempts whose commit request failed (with the error), or that lost their commit (null error)
     */
    private void report(SimBundle bundle, Map<SimAttempt, String> failures) {
        if (!bundle.end()) {
            return;
        }
        busy--;
        List<AttemptUpdate> updates = new ArrayList<>();
        for (SimAttempt attempt : bundle.attempts()) {
            bundleOf.remove(attempt.key());
            if (failures.containsKey(attempt) && failures.get(attempt) == null) {
                continue; // its commit went to another attempt: nothing to report
            }
            updates.add(updateOf(attempt, failures.get(attempt)));
        }
        if (silent || updates.isEmpty()) {
            return;
        }
        String incarnationId = workerId;
        request(Addresses.ATTEMPT_UPDATE, "ATTEMPT_UPDATE(end)", new AttemptUpdates(updates))
                .onFailure(e -> onRefusal(e, incarnationId));
    }

    private AttemptUpdate updateOf(SimAttempt attempt, String error) {
        if (attempt.stopped()) {
            return new AttemptUpdate(attempt.ref(), workerId, ReportedState.STOPPED, 0.5, null, null, null, null);
        }
        if (error != null) {
            return new AttemptUpdate(attempt.ref(), workerId, ReportedState.FAILED, 1, COUNTERS, error, error, null);
        }
        MapOutputLocation output = attempt.needsCommit() ? null : new MapOutputLocation(attempt.ref().taskId(),
                attempt.ref().attemptId(), workerId, "127.0.0.1", 1, "/simulated/" + attempt.ref().attemptId() + ".data",
                "/simulated/" + attempt.ref().attemptId() + ".index");
        return new AttemptUpdate(attempt.ref(), workerId, ReportedState.SUCCEEDED, 1, COUNTERS, null, null, output, 1, null,
                attempt.ranMillis());
    }

    /**
     * The coordinator forgot this incarnation (declared dead: STALE_WORKER) or changed (STALE_EPOCH): drop every
     * attempt (a simulated slot frees at once: there is no thread to wait for) and register again.
     */
    private void onRefusal(Throwable e, String incarnationId) {
        if (!(e instanceof ReplyException r) || epoch == null || !incarnationId.equals(workerId) || silent) {
            return;
        }
        if (r.failureCode() != FailureCode.STALE_WORKER && r.failureCode() != FailureCode.STALE_EPOCH) {
            return;
        }
        epoch = null;
        for (SimBundle bundle : new java.util.LinkedHashSet<>(bundleOf.values())) {
            if (bundle.timer() >= 0) {
                vertx.cancelTimer(bundle.timer());
            }
            bundle.end();
        }
        bundleOf.clear();
        busy = 0;
        consumer.unregister().onComplete(v -> registerUntilAccepted());
    }

    /** A request to the coordinator, counted both ways. */
    private Future<Object> request(String address, String kind, Object message) {
        Buffer body = Messages.encode(message);
        bus.toCoordinator(kind, body.length());
        return vertx.eventBus().<Object>request(address, body, new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MILLIS))
                .map(reply -> {
                    bus.fromCoordinator(kind + " reply", sizeOf(reply.body()));
                    return reply.body();
                });
    }

    private static long sizeOf(Object body) {
        if (body instanceof Buffer buffer) {
            return buffer.length();
        }
        return body instanceof JsonObject json ? json.toBuffer().length() : 0;
    }

    String workerId() {
        return workerId;
    }
}
