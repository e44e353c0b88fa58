package io.gristmill.coordinator.rest;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.JobState;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A worker has finished registering only once it has handled the coordinator's reply, which it shows with its first
 * heartbeat carrying the new epoch: before that it gets no work (issue 13: after a network heal, a worker that had
 * just registered again refused work "registered with epoch null").
 */
class RegistrationConfirmedTest {
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
    void no_work_reaches_a_worker_before_its_first_heartbeat_with_the_epoch_it_was_given() throws Exception {
        BlockingQueue<RunAttempt> runs = new LinkedBlockingQueue<>();
        fixture.vertx.eventBus().<Object>consumer(Addresses.worker("w-new"), message -> {
            if (WorkerAction.RUN.name().equals(message.headers().get(Addresses.ACTION_HEADER))) {
                runs.addAll(Messages.decode(message.body(), RunAttempts.class).attempts());
                message.reply(new JsonObject());
            }
        });
        // the job is planned and waits for a slot before the worker registers, so that the wait below stays well
        // inside the fixture's 1.5 s heartbeat timeout (checked every 200 ms) whatever planning takes
        String job = fixture.submitMapOnly(dir, Files.writeString(dir.resolve("in.txt"), "one line\n"), 1);
        RestFixture.poll(() -> fixture.job(job), status -> status.state() == JobState.RUNNING);
        String epoch = fixture.request(Addresses.REGISTER, new RegisterWorker("w-new", null, 1, "127.0.0.1", 0),
                Registered.class).epoch();

        assertNull(runs.poll(700, TimeUnit.MILLISECONDS), "work was sent before the worker confirmed its registration");

        fixture.vertx.eventBus().request(Addresses.HEARTBEAT, Messages.encode(new Heartbeat("w-new", epoch, List.of())))
                .toCompletionStage().toCompletableFuture().get(ProtocolFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        RunAttempt run = runs.poll(ProtocolFixture.WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(run, "the task was handed out once the worker heartbeated with its epoch");
        assertEquals(1, run.attemptNumber(), "nothing was refused or charged before that");
    }
}
