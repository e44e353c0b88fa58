package io.gristmill.coordinator.internal;

import io.gristmill.cluster.Addresses;
import io.gristmill.cluster.Messages;
import io.gristmill.cluster.WorkerAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/** Sends coordinator → worker messages. Every request has a send timeout so a dead worker cannot hang it. */
final class WorkerMessenger {
    private final Vertx vertx;
    private final long sendTimeoutMillis;

    WorkerMessenger(Vertx vertx, long sendTimeoutMillis) {
        this.vertx = vertx;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    Future<Message<Object>> request(String workerId, WorkerAction action, Object message) {
        return vertx.eventBus().request(Addresses.worker(workerId), Messages.encode(message), options(action));
    }

    void send(String workerId, WorkerAction action, Object message) {
        vertx.eventBus().send(Addresses.worker(workerId), Messages.encode(message), options(action));
    }

    private DeliveryOptions options(WorkerAction action) {
        return new DeliveryOptions().setSendTimeout(sendTimeoutMillis).addHeader(Addresses.ACTION_HEADER, action.name());
    }
}
