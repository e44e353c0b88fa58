package io.gristmill.worker.internal;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.MapOutputChangesCodec;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.MapOutputChange;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.MapOutputsWanted;
import io.gristmill.cluster.Messages.OutputHost;
import io.gristmill.worker.internal.shuffle.MapOutputRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker reads a job's map output log once for all its reducers of the job, against a coordinator stand-in on
 * a real (local) event bus that keeps a log and holds requests that have read it all.
 */
class MapOutputPollerTest {
    private static final OutputHost HOST = new OutputHost("w-1", "127.0.0.1", 9000);

    @TempDir
    Path dir;
    private Vertx vertx;
    private Context context; // the one event loop that the poller and the stand-in share, as on a worker
    private LogKeeper coordinator;
    private MapOutputPoller poller;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        coordinator = new LogKeeper();
        poller = new MapOutputPoller(vertx, new CoordinatorClient(vertx, 2_000), new MapOutputRegistry(dir));
        onLoop(() -> vertx.eventBus().consumer(Addresses.MAP_OUTPUTS, coordinator::answer).completion())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoReducersOfAJob_shareOneViewAndOneReadOfTheLog() throws Exception {
        coordinator.append(0, 1);
        Reducer first = new Reducer("r-00000-1", "epoch-1");
        Reducer second = new Reducer("r-00001-1", "epoch-1");
        JobMapOutputs firstView = onLoop(() -> poller.outputsOf(first.ref, "w-1", 3));
        onLoop(() -> follow(first));
        eventually("the first read to be held", () -> coordinator.held.size() == 1);
        JobMapOutputs secondView = onLoop(() -> poller.outputsOf(second.ref, "w-1", 3));
        long needed = onLoop(() -> follow(second));
        coordinator.append(2);

        assertSame(firstView, secondView);
        assertEquals(1, needed, "a view that is being read needs no extra reply");
        assertEquals(List.of("m-00000", "m-00001", "m-00002"), mapTasks(secondView.awaitAll(() -> false, needed)));
        assertEquals(0, coordinator.requestsFrom(0, "r-00001-1"), "the second reducer read the log again");
        assertEquals(1, coordinator.requestsFrom(0, null), "the log was read from the start more than once");
    }

    @Test
    void whenTheCoordinatorRefusesTheReducerThatAsks_thenAnotherReducerOfTheJobAsksFromTheSamePosition() throws Exception {
        coordinator.append(0);
        Reducer first = new Reducer("r-00000-1", "epoch-1");
        Reducer second = new Reducer("r-00001-1", "epoch-1");
        JobMapOutputs view = onLoop(() -> poller.outputsOf(first.ref, "w-1", 2));
        onLoop(() -> {
            poller.outputsOf(second.ref, "w-1", 2);
            follow(first);
            return follow(second);
        });
        eventually("the first change to be read", () -> coordinator.requests.size() >= 2);
        coordinator.refused.add("r-00000-1"); // say, preempted
        coordinator.append(1);

        assertEquals(List.of("m-00000", "m-00001"), mapTasks(view.awaitAll(() -> false, 0)));
        eventually("the second reducer to ask from where the first stood",
                () -> coordinator.requestsFrom(1, "r-00001-1") + coordinator.requestsFrom(2, "r-00001-1") > 0);
    }

    @Test
    void whenNoReducerWantsNews_thenReadingStops_andALaterReducerCatchesUpFromThePositionReachedBeforeItFetches()
            throws Exception {
        coordinator.append(0, 1);
        Reducer first = new Reducer("r-00000-1", "epoch-1");
        JobMapOutputs view = onLoop(() -> poller.outputsOf(first.ref, "w-1", 2));
        long firstNeeded = onLoop(() -> follow(first));
        view.awaitAll(() -> false, firstNeeded);
        eventually("the next read to be held", () -> coordinator.held.size() == 1);
        first.fetched = true;
        coordinator.append(1); // wakes the held request: its answer finds no reducer wanting more
        eventually("the held request to be answered", () -> coordinator.held.isEmpty());
        // reading is decided on the event loop as each answer is applied: once it stopped, no request can follow
        eventually("reading to stop with no reducer wanting news", () -> !readingJob(first));
        assertEquals(2, coordinator.requests.size(), "a request was sent with no reducer wanting news");

        coordinator.obsolete("m-00000-1"); // while nobody reads: the view still lists it
        Reducer later = new Reducer("r-00001-1", "epoch-1");
        assertSame(view, onLoop(() -> poller.outputsOf(later.ref, "w-1", 2)));
        long needed = onLoop(() -> follow(later));
        coordinator.append(0, 1); // map 0 ran again
        List<MapOutputLocation> outputs = view.awaitAll(() -> false, needed);

        assertEquals(0, coordinator.requestsFrom(0, "r-00001-1"), "the later reducer read the log from the start");
        assertEquals(1, coordinator.requestsFrom(3, "r-00001-1"));
        assertEquals(0, coordinator.requests.stream().filter(r -> r.from() == 3).findFirst().orElseThrow().waitMillis(),
                "the catching-up request could be held");
        assertTrue(outputs.stream().noneMatch(o -> o.attemptId().equals("m-00000-1")),
                "the later reducer was given an obsolete output: " + outputs);
    }

    @Test
    void underANewEpochOrWhenTheJobEnded_theViewStartsAfresh() throws Exception {
        Reducer old = new Reducer("r-00000-1", "epoch-1");
        Reducer current = new Reducer("r-00000-2", "epoch-2");
        JobMapOutputs before = onLoop(() -> poller.outputsOf(old.ref, "w-1", 2));
        assertNotSame(before, onLoop(() -> poller.outputsOf(current.ref, "w-1", 2)));
        JobMapOutputs now = onLoop(() -> poller.outputsOf(current.ref, "w-1", 2));
        onLoop(() -> {
            poller.jobEnded("job-1");
            return null;
        });
        assertNotSame(now, onLoop(() -> poller.outputsOf(current.ref, "w-1", 2)));
    }

    private long follow(Reducer reducer) {
        return poller.follow(reducer, "w-1");
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(action.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    private boolean readingJob(Reducer reducer) {
        try {
            return onLoop(() -> poller.isReading(reducer.ref.jobId()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> mapTasks(List<MapOutputLocation> outputs) {
        return outputs.stream().map(MapOutputLocation::mapTaskId).toList();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    private static final class Reducer implements MapOutputPoller.Reader {
        final AttemptRef ref;
        volatile boolean fetched;

        Reducer(String attemptId, String epoch) {
            this.ref = new AttemptRef("job-1", attemptId.substring(0, 7), attemptId, epoch);
        }

        @Override
        public AttemptRef ref() {
            return ref;
        }

        @Override
        public boolean wantsMapOutputs() {
            return !fetched;
        }
    }

    /** The coordinator's side: one job's log; a request that has read it all is held until it grows. */
    private final class LogKeeper {
        final List<MapOutputChange> log = new CopyOnWriteArrayList<>();
        final List<MapOutputsWanted> requests = new CopyOnWriteArrayList<>();
        final Set<String> refused = ConcurrentHashMap.newKeySet();
        final List<Held> held = new CopyOnWriteArrayList<>();

        record Held(int from, Promise<Buffer> reply) {
        }

        void answer(io.vertx.core.eventbus.Message<Object> message) {
            MapOutputsWanted wanted = Messages.decode(message.body(), MapOutputsWanted.class);
            requests.add(wanted);
            if (refused.contains(wanted.reducer().attemptId())) {
                message.fail(FailureCode.STALE_ATTEMPT, wanted.reducer().attemptId() + " is not current");
                return;
            }
            Promise<Buffer> reply = Promise.promise();
            reply.future().onSuccess(message::reply);
            if (wanted.from() < log.size() || wanted.waitMillis() == 0) {
                reply.complete(slice(wanted.from()));
            } else { // as the coordinator: held until there is news, or answered empty once the wait is over
                Held hold = new Held(wanted.from(), reply);
                held.add(hold);
                vertx.setTimer(wanted.waitMillis(), t -> {
                    if (held.remove(hold)) {
                        reply.complete(MapOutputChangesCodec.encode(new MapOutputChanges(wanted.from(), 0, List.of(),
                                List.of())));
                    }
                });
            }
        }

        /** Appends the outputs of these maps (the first attempt's, or the second's once one was obsolete). */
        void append(int... maps) {
            context.runOnContext(v -> {
                for (int map : maps) {
                    String first = "m-0000" + map + "-1";
                    boolean lost = log.stream().anyMatch(c -> c.obsolete() && c.attempt().equals(first));
                    log.add(new MapOutputChange(map, lost ? "m-0000" + map + "-2" : first, 0));
                }
                answerHeld();
            });
        }

        /** Appends that an output is obsolete, without waking held requests (nobody holds one in that test). */
        void obsolete(String attempt) {
            context.runOnContext(v -> log.add(new MapOutputChange(Integer.parseInt(attempt.substring(2, 7)), attempt,
                    MapOutputChange.OBSOLETE)));
        }

        private void answerHeld() {
            List<Held> waiting = new ArrayList<>(held);
            held.clear();
            waiting.forEach(h -> h.reply().complete(slice(h.from())));
        }

        private Buffer slice(int from) {
            List<MapOutputChange> changes = log.subList(from, log.size());
            // as the coordinator: the host comes in the slice that holds its first change, and never again
            return MapOutputChangesCodec.encode(new MapOutputChanges(log.size(), from == 0 ? 0 : 1,
                    from == 0 ? List.of(HOST) : List.of(),
                    MapOutputChangesCodec.runs(changes)));
        }

        /** Requests from {@code from} on, by reducer {@code attemptId} (or any, if null). */
        long requestsFrom(int from, String attemptId) {
            return requests.stream().filter(r -> r.from() == from
                    && (attemptId == null || r.reducer().attemptId().equals(attemptId))).count();
        }
    }
}
