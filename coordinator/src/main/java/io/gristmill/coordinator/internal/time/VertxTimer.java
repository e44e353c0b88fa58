package io.gristmill.coordinator.internal.time;

import io.vertx.core.Vertx;

/** A {@link Timer} on Vert.x timers: actions run on the context that scheduled them. */
public final class VertxTimer implements Timer {
    private final Vertx vertx;

    public VertxTimer(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Scheduled schedule(long delayMillis, Runnable action) {
        long id = vertx.setTimer(Math.max(1, delayMillis), ignored -> action.run());
        return () -> vertx.cancelTimer(id);
    }
}
