package io.gristmill.coordinator.rest;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.AttemptState;
import io.gristmill.coordinator.JobStatus;
import io.gristmill.coordinator.TaskState;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that refuses work ("no free slot": the thread of an attempt it was told to stop has not ended yet) is
 * nobody's fault: the refused attempt is KILLED, not FAILED, the task keeps all its attempts, and the worker gets no
 * work for a while instead of being retried in a loop.
 */
class RefusedWorkTest {
    @TempDir
    Path dir;
    private ProtocolFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ProtocolFixture.start();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void a_refused_attempt_is_not_charged_to_its_task_and_the_worker_is_asked_again_only_after_a_pause() throws Exception {
        BlockingQueue<Long> offers = new LinkedBlockingQueue<>();
        BlockingQueue<RunAttempt> accepted = new LinkedBlockingQueue<>();
        AtomicInteger refusals = new AtomicInteger(3);
        fixture.vertx.eventBus().<Object>consumer(Addresses.worker("w-busy"), message -> {
            if (!WorkerAction.RUN.name().equals(message.headers().get(Addresses.ACTION_HEADER))) {
                return;
            }
            offers.add(System.nanoTime());
            if (refusals.getAndDecrement() > 0) {
                message.fail(FailureCode.NO_FREE_SLOT, "no free slot on w-busy");
            } else {
                accepted.addAll(Messages.decode(message.body(), RunAttempts.class).attempts());
                message.reply(new JsonObject());
            }
        });
        String epoch = fixture.request(Addresses.REGISTER, new RegisterWorker("w-busy", null, 1, "127.0.0.1", 0),
                Registered.class).epoch();
        fixture.vertx.setPeriodic(300, t -> fixture.vertx.eventBus().request(Addresses.HEARTBEAT,
                Messages.encode(new Heartbeat("w-busy", epoch, List.of()))));

        String id = fixture.submitMapOnly(dir, Files.writeString(dir.resolve("in.txt"), "one line\n"), 1);
        RunAttempt run = accepted.poll(ProtocolFixture.WAIT_SECONDS, TimeUnit.SECONDS);

        assertNotNull(run, "the task was handed out once the worker took work again");
        assertEquals(4, run.attemptNumber());
        List<Long> times = List.copyOf(offers);
        assertEquals(4, times.size(), "one offer per pause, no retry loop: " + times);
        for (int i = 1; i < times.size(); i++) {
            long pauseMillis = TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1));
            assertTrue(pauseMillis >= 900, "offer " + i + " came " + pauseMillis + " ms after a refusal");
        }
        // the accepted attempt is RUNNING once the coordinator has the worker's acknowledgement
        JobStatus.TaskStatus task = RestFixture.poll(() -> fixture.tasks(id).get(0),
                t -> t.attempts().size() == 4 && t.attempts().get(3).state() == AttemptState.RUNNING);
        assertEquals(TaskState.RUNNING, task.state(), "maxAttempts 1 and three refusals: the task has not failed");
        assertEquals(List.of(AttemptState.KILLED, AttemptState.KILLED, AttemptState.KILLED, AttemptState.RUNNING),
                task.attempts().stream().map(JobStatus.AttemptStatus::state).toList());
        assertTrue(task.attempts().get(0).error().contains("no free slot on w-busy"), task.attempts().get(0).error());
    }
}
