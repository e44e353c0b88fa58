package io.gristmill.coordinator.rest;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.Heartbeat;
import io.gristmill.cluster.Messages.RegisterWorker;
import io.gristmill.cluster.Messages.Registered;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.WorkerAction;
import io.gristmill.coordinator.JobState;
import io.gristmill.coordinator.JobStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad-node exclusion never leaves a job waiting for ever: when every live worker is excluded from a job (attempts of
 * two of its tasks failed on each), the job fails with a message saying why.
 */
class ExcludedEverywhereTest {
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
    void a_job_whose_every_live_worker_is_excluded_fails_saying_why() throws Exception {
        fixture.vertx.eventBus().<Object>consumer(Addresses.worker("w-only"), message -> {
            if (!WorkerAction.RUN.name().equals(message.headers().get(Addresses.ACTION_HEADER))) {
                return;
            }
            List<RunAttempt> runs = Messages.decode(message.body(), RunAttempts.class).attempts();
            message.reply(new JsonObject());
            List<AttemptUpdate> failed = runs.stream().map(run -> new AttemptUpdate(run.ref(), "w-only",
                    ReportedState.FAILED, 0, null, "disk full on w-only", null, null)).toList();
            fixture.vertx.eventBus().request(Addresses.ATTEMPT_UPDATE, Messages.encode(new AttemptUpdates(failed)));
        });
        String epoch = fixture.request(Addresses.REGISTER, new RegisterWorker("w-only", null, 1, "127.0.0.1", 0),
                Registered.class).epoch();
        fixture.vertx.setPeriodic(300, t -> fixture.vertx.eventBus().request(Addresses.HEARTBEAT,
                Messages.encode(new Heartbeat("w-only", epoch, List.of()))));
        Path input = Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(input.resolve("in-" + i + ".txt"), "line " + i + "\n");
        }

        JobStatus job = fixture.awaitEnd(fixture.submitMapOnly(dir, input));

        assertEquals(JobState.FAILED, job.state(), job.toString());
        assertTrue(job.error().startsWith("task m-00001 failed: disk full on w-only — and every live worker is now"
                + " excluded from this job: w-only excluded from job"), job.error());
        assertEquals("m-00001", job.errorTask());
        assertTrue(job.excludedWorkers().get("w-only").contains("m-00000, m-00001"), job.excludedWorkers().toString());
    }
}
