package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Worker → coordinator requests, with a send timeout. {@link #await} is for task threads only. */
public final class CoordinatorClient {
    private final Vertx vertx;
    private final long timeoutMillis;

    public CoordinatorClient(Vertx vertx, long timeoutMillis) {
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sends a message record; the future has the reply's body (see {@link Messages#decode}). */
    public Future<Object> request(String address, Object message) {
        return vertx.eventBus().<Object>request(address, Messages.encode(message),
                new DeliveryOptions().setSendTimeout(timeoutMillis)).map(m -> m.body());
    }

    /** Sends a message record that the coordinator may hold for up to {@code timeoutMillis} before it answers. */
    public Future<Object> request(String address, Object message, long timeoutMillis) {
        return vertx.eventBus().<Object>request(address, Messages.encode(message),
                new DeliveryOptions().setSendTimeout(timeoutMillis)).map(m -> m.body());
    }

    /** The send timeout of {@link #request(String, Object)}. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Blocks a task thread (never an event-loop thread) until the coordinator answers. */
    public <T> T await(String address, Object message, Class<T> replyType) throws Exception {
        try {
            Object reply = request(address, message).toCompletionStage().toCompletableFuture()
                    .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            return Messages.decode(reply, replyType);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the coordinator on " + address);
        }
    }
}
