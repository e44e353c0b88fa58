package io.gristmill.worker;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.CommitDecision;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.UpdatesAnswered;
import io.gristmill.cluster.WorkerAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Plays the coordinator's side of the event bus for one worker: accepts its registrations, records what it sends
 * and sends it RUN and KILL messages. Commits are refused (the tests' attempts have no task to commit).
 */
final class ScriptedCoordinator {
    static final String EPOCH = "epoch-1";

    private final Vertx vertx;
    final List<RegisterWorker> registrations = new CopyOnWriteArrayList<>();
    final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    final List<AttemptUpdate> updates = new CopyOnWriteArrayList<>();
    /** When set, the next heartbeat is refused with this failure code (as a coordinator that forgot the worker). */
    volatile int refuseNextHeartbeat = -1;

    ScriptedCoordinator(Vertx vertx) {
        this.vertx = vertx;
        vertx.eventBus().consumer(Addresses.REGISTER, m -> {
            registrations.add(Messages.decode(m.body(), RegisterWorker.class));
            m.reply(Messages.encode(new Registered(EPOCH, "log-secret")));
        });
        vertx.eventBus().consumer(Addresses.HEARTBEAT, m -> {
            int refusal = refuseNextHeartbeat;
            if (refusal >= 0) {
                refuseNextHeartbeat = -1;
                m.fail(refusal, "unknown worker");
                return;
            }
            heartbeats.add(Messages.decode(m.body(), Heartbeat.class));
            m.reply(new JsonObject());
        });
        vertx.eventBus().consumer(Addresses.ATTEMPT_UPDATE, m -> {
            updates.addAll(Messages.decode(m.body(), AttemptUpdates.class).updates());
            m.reply(Messages.encode(new UpdatesAnswered(List.of())));
        });
        vertx.eventBus().consumer(Addresses.COMMIT, m -> m.reply(Messages.encode(new CommitDecisions(
                Messages.decode(m.body(), CommitRequests.class).requests().stream()
                        .map(r -> new CommitDecision(false, "not in this test")).toList()))));
    }

    /** The worker's latest incarnation id, once it registered. */
    String workerId() {
        return registrations.isEmpty() ? null : registrations.get(registrations.size() - 1).workerId();
    }

    /** Sends a message to the worker and waits for its answer; the future fails as the worker refused it. */
    Future<Object> send(WorkerAction action, Object message) {
        return vertx.eventBus().request(Addresses.worker(workerId()), Messages.encode(message),
                new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, action.name()).setSendTimeout(10_000))
                .map(reply -> reply.body());
    }

    /** Sends a message the worker does not answer (KILL, JOB_ENDED). */
    void tell(WorkerAction action, Object message) {
        vertx.eventBus().send(Addresses.worker(workerId()), Messages.encode(message),
                new DeliveryOptions().addHeader(Addresses.ACTION_HEADER, action.name()));
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    /** Waits, with a deadline, for something the test cannot be told about. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10); // polling with a deadline
        }
    }
}
