package io.gristmill.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for Ctrl-C (SIGINT, or SIGTERM): the JVM's shutdown, seen through a shutdown hook. The hook then waits,
 * a bounded time, until {@link #release} says the command has cleaned up (stopped Vert.x, deleted its temporary
 * folders), since the JVM halts as soon as its hooks return.
 */
final class UntilInterrupted {
    private static final long CLEAN_UP_SECONDS = 30;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    private UntilInterrupted() {
    }

    /** Registers the hook; from now on Ctrl-C ends {@link #await} instead of the process. */
    static UntilInterrupted register() {
        UntilInterrupted wait = new UntilInterrupted();
        Runtime.getRuntime().addShutdownHook(new Thread(wait::onShutdown, "gristmill-ctrl-c"));
        return wait;
    }

    private void onShutdown() {
        stopping.countDown();
        try {
            cleanedUp.await(CLEAN_UP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void await() throws InterruptedException {
        stopping.await();
    }

    /** Lets the JVM exit; call it after cleaning up, also when {@link #await} was never reached. */
    void release() {
        cleanedUp.countDown();
    }
}
