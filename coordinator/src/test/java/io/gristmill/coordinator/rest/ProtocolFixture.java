package io.gristmill.coordinator.rest;

import io.gristmill.cluster.Messages;
import io.gristmill.coordinator.CoordinatorConfig;
import io.gristmill.coordinator.CoordinatorVerticle;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator verticle on a plain Vert.x, for tests whose workers are scripted protocol peers on its event bus
 * (so they can act at moments too narrow to hit with real processes). Workers that stop heartbeating are dead after
 * 1.5 s.
 */
final class ProtocolFixture implements AutoCloseable {
    static final long WAIT_SECONDS = 20;

    final Vertx vertx;
    final CoordinatorVerticle coordinator;

    private ProtocolFixture(Vertx vertx, CoordinatorVerticle coordinator) {
        this.vertx = vertx;
        this.coordinator = coordinator;
    }

    static ProtocolFixture start() throws Exception {
        return start(CoordinatorConfig.defaults());
    }

    /** A coordinator on the given config (for instance a state dir with a journal to resume). */
    static ProtocolFixture start(CoordinatorConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        CoordinatorVerticle coordinator = new CoordinatorVerticle(config.withHeartbeatTimeout(Duration.ofMillis(1500)));
        await(vertx.deployVerticle(coordinator));
        return new ProtocolFixture(vertx, coordinator);
    }

    /** Sends a message record to the coordinator and decodes its reply. */
    <T> T request(String address, Object message, Class<T> replyType) throws Exception {
        return Messages.decode(await(vertx.eventBus().request(address, Messages.encode(message))).body(), replyType);
    }

    /** Submits a map-only job of the test job jar over {@code input}, writing to {@code dir/out}. */
    String submitMapOnly(Path dir, Path input) throws Exception {
        return submitMapOnly(dir, input, JobSpec.DEFAULT_MAX_ATTEMPTS);
    }

    /** As {@link #submitMapOnly(Path, Path)}, with {@code maxAttempts}. */
    String submitMapOnly(Path dir, Path input, int maxAttempts) throws Exception {
        Path jar = Files.write(dir.resolve("job.jar"), RestFixture.jobJar());
        JobSpec spec = JobSpec.builder(jar).input(List.of(input.toString())).output(dir.resolve("out").toString())
                .reducers(0).maxAttempts(maxAttempts).build();
        return await(coordinator.submit(spec));
    }

    List<JobStatus.TaskStatus> tasks(String id) throws Exception {
        return await(coordinator.tasks(id));
    }

    JobStatus job(String id) throws Exception {
        return await(coordinator.job(id));
    }

    JobStatus awaitEnd(String id) throws Exception {
        JobStatus job = RestFixture.poll(() -> job(id), status -> status.state().isTerminal());
        assertTrue(job.state().isTerminal(), "job " + id + " did not end: " + job);
        return job;
    }

    @Override
    public void close() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
