package io.gristmill.worker;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.KillAttempt;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.TaskType;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.worker.testjobs.StubbornMapOnly;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static io.gristmill.worker.ScriptedCoordinator.await;
import static io.gristmill.worker.ScriptedCoordinator.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker with one slot against a scripted coordinator, running a mapper that ignores interrupts: the slot stays
 * busy, and the attempt listed as running, until the attempt's thread has really ended.
 */
class WorkerSlotTruthTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private ScriptedCoordinator coordinator;
    private Path jar;
    private Path input;
    private Path release;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        coordinator = new ScriptedCoordinator(vertx);
        jar = jarOf(StubbornMapOnly.class);
        input = Files.writeString(dir.resolve("input.txt"), "one line\n");
        release = dir.resolve("release");
        Files.createDirectories(dir.resolve("started"));
        WorkerConfig config = new WorkerConfig(1, dir.resolve("work"), "127.0.0.1", -1, Duration.ofMillis(100), null,
                Duration.ofSeconds(30), false);
        await(vertx.deployVerticle(new WorkerVerticle(config)));
    }

    @AfterEach
    void stop() throws Exception {
        Files.writeString(release, "");
        await(vertx.close());
    }

    @Test
    void whenAKilledMapperIgnoresTheInterrupt_thenItsSlotStaysBusyUntilItsThreadEnds_thenStoppedIsReported() throws Exception {
        RunAttempt first = run("a-1");
        await(coordinator.send(WorkerAction.RUN, new RunAttempts(List.of(first))));
        eventually("the mapper to start", () -> Files.exists(dir.resolve("started").resolve("a-1")));

        coordinator.tell(WorkerAction.KILL, new KillAttempt(first.ref(), "killed by the test"));
        int seen = coordinator.heartbeats.size();
        eventually("three heartbeats after the kill", () -> coordinator.heartbeats.size() >= seen + 3);
        for (Heartbeat beat : coordinator.heartbeats.subList(seen, seen + 3)) {
            assertEquals(List.of("job-1/a-1"), beat.runningAttempts(), "a stopping attempt is still running");
        }
        assertEquals(List.of(), coordinator.updates.stream().filter(u -> u.state() != ReportedState.RUNNING).toList(),
                "nothing ends while the thread runs");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> await(coordinator.send(WorkerAction.RUN, new RunAttempts(List.of(run("a-2"))))));
        assertEquals(FailureCode.NO_FREE_SLOT, assertInstanceOf(ReplyException.class, refused.getCause()).failureCode());

        Files.writeString(release, "");
        eventually("a STOPPED update", () -> coordinator.updates.stream().anyMatch(u -> u.state() == ReportedState.STOPPED));
        AttemptUpdate stopped = coordinator.updates.stream().filter(u -> u.state() == ReportedState.STOPPED)
                .findFirst().orElseThrow();
        assertEquals(first.ref(), stopped.ref());
        assertEquals(1, coordinator.updates.stream().filter(u -> u.state() != ReportedState.RUNNING).count(),
                "STOPPED is all a killed attempt reports");
        // the slot is free again: the next RUN is accepted (await fails on a refusal)
        await(coordinator.send(WorkerAction.RUN, new RunAttempts(List.of(run("a-3")))));
    }

    @Test
    void whenTheWorkerRegistersAgainWhileAThreadWillNotEnd_thenThatSlotIsALeftoverUntilTheThreadEnds() throws Exception {
        await(coordinator.send(WorkerAction.RUN, new RunAttempts(List.of(run("a-1")))));
        eventually("the mapper to start", () -> Files.exists(dir.resolve("started").resolve("a-1")));
        String first = coordinator.workerId();

        coordinator.refuseNextHeartbeat = FailureCode.STALE_WORKER;
        eventually("a second registration", () -> coordinator.registrations.size() == 2);
        assertEquals(1, coordinator.registrations.get(1).leftoverSlots());
        int seen = coordinator.heartbeats.size();
        eventually("a heartbeat of the new incarnation", () -> coordinator.heartbeats.size() > seen);
        Heartbeat beat = coordinator.heartbeats.get(coordinator.heartbeats.size() - 1);
        assertEquals(List.of(), beat.runningAttempts(), "the old incarnation's attempt is not the new one's");
        assertEquals(1, beat.leftoverSlots());
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> await(coordinator.send(WorkerAction.RUN, new RunAttempts(List.of(run("a-2"))))));
        assertEquals(FailureCode.NO_FREE_SLOT, assertInstanceOf(ReplyException.class, refused.getCause()).failureCode());

        Files.writeString(release, "");
        eventually("a heartbeat without leftovers", () -> coordinator.heartbeats.get(coordinator.heartbeats.size() - 1)
                .leftoverSlots() == 0);
        await(coordinator.send(WorkerAction.RUN, new RunAttempts(List.of(run("a-3")))));
        assertTrue(coordinator.updates.stream().noneMatch(u -> u.workerId().equals(first) && u.state() != ReportedState.RUNNING),
                "nobody wants news of a forgotten incarnation's attempts");
    }

    private RunAttempt run(String attemptId) {
        return new RunAttempt(new AttemptRef("job-1", "m-00000", attemptId, ScriptedCoordinator.EPOCH), TaskType.MAP, 0,
                1, "stubborn", jar.toString(), "hash", null, StubbornMapOnly.class.getName(),
                Map.of("release", release.toString(), "started", dir.resolve("started").toString()),
                new InputSplit(input.toString(), 0, 9), 1, 0, 0, dir.resolve("out").toString(), "secret");
    }

    /** A job jar of every class in {@code jobClass}'s package, built from the compiled test classes. */
    private Path jarOf(Class<?> jobClass) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        String folder = jobClass.getPackageName().replace('.', '/');
        Path classes = Path.of(jobClass.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(folder);
        Path target = dir.resolve(jobClass.getSimpleName() + ".jar");
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest);
             DirectoryStream<Path> files = Files.newDirectoryStream(classes, "*.class")) {
            for (Path c : files) {
                out.putNextEntry(new JarEntry(folder + "/" + c.getFileName()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return target;
    }
}
