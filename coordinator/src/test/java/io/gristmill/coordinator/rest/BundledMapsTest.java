package io.gristmill.coordinator.rest;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.CommitDecisions;
import io.gristmill.cluster.Messages.CommitRequest;
import io.gristmill.cluster.Messages.CommitRequests;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maps that take milliseconds travel in bundles: one RUN message, one commit request and one report for several
 * attempts, in one slot. Workers here are scripted protocol peers on the coordinator's event bus, so the test sees
 * every RUN message and can lose a worker while it holds a bundle.
 */
class BundledMapsTest {
    private static final long WAIT_SECONDS = ProtocolFixture.WAIT_SECONDS;
    private static final int MAPS = 60;

    @TempDir
    Path dir;
    private ProtocolFixture fixture;
    private Vertx vertx;

    @BeforeEach
    void start() throws Exception {
        fixture = ProtocolFixture.start();
        vertx = fixture.vertx;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void whenMapsTakeMilliseconds_thenLaterRunMessagesCarrySeveralAttemptsInOneSlotAndEveryTaskCommitsOnce() throws Exception {
        ScriptedWorker worker = new ScriptedWorker("w-fast", true);
        worker.register();

        JobStatus job = fixture.awaitEnd(submitMapOnlyJob(MAPS));

        assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        List<Integer> sizes = worker.bundles.stream().map(List::size).toList();
        assertEquals(1, sizes.get(0), "the first map runs alone: the job's time per map is not known yet");
        assertTrue(sizes.stream().anyMatch(size -> size > 1), "short maps were bundled: " + sizes);
        assertEquals(1, worker.mostBundlesAtOnce.get(), "a bundle occupies the worker's one slot until it reports");
        List<String> tasks = worker.bundles.stream().flatMap(List::stream).map(run -> run.ref().taskId()).toList();
        assertEquals(MAPS, tasks.size(), "no task ran twice: " + sizes);
        assertEquals(MAPS, Set.copyOf(tasks).size());
        try (Stream<Path> parts = Files.list(dir.resolve("out"))) {
            assertEquals(MAPS, parts.filter(p -> p.getFileName().toString().startsWith("part-m-")).count(),
                    "every committed attempt of every bundle is in the output");
        }
        assertEquals((long) MAPS, job.counters().get("gristmill").get("MAP_INPUT_RECORDS"));
    }

    /**
     * On a loaded cluster the messages around a map can take longer than a whole bundle should: sized by launch to
     * report, bundles stayed at one map for good. The worker's own measure of the run is what counts.
     */
    @Test
    void whenMessagesAreSlowButTheMapsRunInAMillisecond_thenTheMapsAreStillBundled() throws Exception {
        ScriptedWorker worker = new ScriptedWorker("w-slow-bus", true);
        worker.reportDelayMillis = 120; // more than a bundle's 50 ms target, for every report
        worker.reportedRunMillis = 1L;
        worker.register();

        JobStatus job = fixture.awaitEnd(submitMapOnlyJob(MAPS));

        assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        List<Integer> sizes = worker.bundles.stream().map(List::size).toList();
        assertTrue(sizes.stream().anyMatch(size -> size > 1), "maps of 1 ms were bundled despite slow messages: " + sizes);
    }

    @Test
    void whenAWorkerDiesHoldingABundle_thenThoseTasksRunAgainEachAloneAndTheJobSucceeds() throws Exception {
        ScriptedWorker doomed = new ScriptedWorker("w-doomed", false); // silent once it holds a bundle: dead a timeout later
        doomed.holdsFirstBundle = true; // it answers single attempts, then holds a bundle and stays silent
        doomed.register();
        String id = submitMapOnlyJob(MAPS);
        List<RunAttempt> held = doomed.held.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(held, "once its maps proved quick, the job's maps were sent in bundles");
        Set<String> lost = held.stream().map(run -> run.ref().taskId()).collect(Collectors.toSet());

        ScriptedWorker survivor = new ScriptedWorker("w-survivor", true);
        survivor.register();
        JobStatus job = fixture.awaitEnd(id);

        assertEquals(JobState.SUCCEEDED, job.state(), job.toString());
        for (List<RunAttempt> bundle : survivor.bundles) {
            boolean carriesLostTask = bundle.stream().anyMatch(run -> lost.contains(run.ref().taskId()));
            assertTrue(!carriesLostTask || bundle.size() == 1,
                    "a task that lost its worker runs alone, so a crash it causes is counted against it alone");
        }
        Set<String> rerun = survivor.bundles.stream().flatMap(List::stream).map(run -> run.ref().taskId())
                .filter(lost::contains).collect(Collectors.toSet());
        assertEquals(lost, rerun, "every task of the lost bundle ran again");
    }

    /**
     * A worker that acknowledges every RUN message and, while it answers, at once commits every attempt of the
     * bundle (writing its part file as a granted attempt would) and reports them all succeeded in one message.
     */
    private final class ScriptedWorker {
        final String workerId;
        final boolean heartbeats;
        final List<List<RunAttempt>> bundles = new CopyOnWriteArrayList<>();
        final BlockingQueue<List<RunAttempt>> held = new LinkedBlockingQueue<>();
        final AtomicInteger bundlesAtOnce = new AtomicInteger();
        final AtomicInteger mostBundlesAtOnce = new AtomicInteger();
        boolean holdsFirstBundle;
        /** How long the worker takes to report a bundle after the RUN message (0: at once). */
        long reportDelayMillis;
        /** The run time the worker reports with each success (null: none, as an older worker). */
        Long reportedRunMillis;
        final java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();

        ScriptedWorker(String workerId, boolean heartbeats) {
            this.workerId = workerId;
            this.heartbeats = heartbeats;
        }

        void register() throws Exception {
            vertx.eventBus().<Object>consumer(Addresses.worker(workerId), message -> {
                if (!WorkerAction.RUN.name().equals(message.headers().get(Addresses.ACTION_HEADER))) {
                    return;
                }
                List<RunAttempt> bundle = Messages.decode(message.body(), RunAttempts.class).attempts();
                bundles.add(bundle);
                mostBundlesAtOnce.accumulateAndGet(bundlesAtOnce.incrementAndGet(), Math::max);
                message.reply(new JsonObject());
                if (holdsFirstBundle && bundle.size() > 1 && !holding.get()) {
                    holding.set(true);
                    held.add(bundle);
                } else if (reportDelayMillis > 0) {
                    vertx.setTimer(reportDelayMillis, t -> commitAndReport(bundle));
                } else {
                    commitAndReport(bundle);
                }
            });
            String epoch = fixture.request(Addresses.REGISTER, new RegisterWorker(workerId, null, 1, "127.0.0.1", 0),
                    Registered.class).epoch();
            // heartbeats confirm the registration (no work comes before the first one)
            Heartbeat beat = new Heartbeat(workerId, epoch, List.of());
            vertx.eventBus().request(Addresses.HEARTBEAT, Messages.encode(beat));
            // one that does not heartbeat falls silent once it holds its bundle (not before: on a loaded machine it
            // would be dead before the maps proved quick enough to be bundled)
            vertx.setPeriodic(300, t -> {
                if (heartbeats || !holding.get()) {
                    vertx.eventBus().request(Addresses.HEARTBEAT, Messages.encode(beat));
                }
            });
        }

        private void commitAndReport(List<RunAttempt> bundle) {
            Map<String, Map<String, Long>> counters = Map.of("gristmill", Map.of("MAP_INPUT_RECORDS", 1L));
            List<CommitRequest> requests = bundle.stream().map(run -> new CommitRequest(run.ref(), workerId, counters)).toList();
            vertx.eventBus().request(Addresses.COMMIT, Messages.encode(new CommitRequests(requests)))
                    .compose(reply -> {
                        CommitDecisions answer = Messages.decode(reply.body(), CommitDecisions.class);
                        assertEquals(bundle.size(), answer.decisions().size(), "one decision per request, in order");
                        return vertx.executeBlocking(() -> {
                            for (RunAttempt run : bundle) {
                                Files.writeString(Path.of(run.outputDir(), "_temporary", "committed",
                                        run.ref().taskId()), "x\n"); // the granted attempt's renamed file
                            }
                            return null;
                        });
                    })
                    .compose(v -> {
                        bundlesAtOnce.decrementAndGet();
                        List<AttemptUpdate> updates = bundle.stream().map(run -> new AttemptUpdate(run.ref(), workerId,
                                ReportedState.SUCCEEDED, 1.0, counters, null, null, null, 0, null, reportedRunMillis))
                                .toList();
                        return vertx.eventBus().request(Addresses.ATTEMPT_UPDATE, Messages.encode(new AttemptUpdates(updates)));
                    });
        }
    }

    private String submitMapOnlyJob(int files) throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        for (int i : IntStream.range(0, files).toArray()) {
            Files.writeString(input.resolve(String.format("in-%03d.txt", i)), "line " + i + "\n");
        }
        return fixture.submitMapOnly(dir, input);
    }
}
