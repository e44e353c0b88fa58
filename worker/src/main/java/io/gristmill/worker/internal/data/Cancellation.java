package io.gristmill.worker.internal.data;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** Stops a task promptly when its attempt is killed: the flag is set or the thread is interrupted. */
final class Cancellation {
    private Cancellation() {
    }

    static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("attempt cancelled");
        }
    }
}
