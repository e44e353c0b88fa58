package io.gristmill.cli;

import io.vertx.core.logging.SLF4JLogDelegate;
import io.vertx.core.spi.logging.LogDelegate;
import io.vertx.core.spi.logging.LogDelegateFactory;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's logging through SLF4J, chosen by name so that Vert.x does not probe for it. Its own probe
 * ({@code SLF4JLogDelegateFactory}) swaps {@code System.err} for a throw-away buffer while SLF4J starts, and a
 * line another thread printed in that fifth of a second was lost: {@code gristmill coordinator} on a taken port
 * exited with status 2 and no message about one time in ten.
 */
public final class VertxLogging implements LogDelegateFactory {
    /** Makes Vert.x use this factory; call before anything touches Vert.x. */
    static void install() {
        System.setProperty("vertx.logger-delegate-factory-class-name", VertxLogging.class.getName());
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public LogDelegate createDelegate(String name) {
        return new SLF4JLogDelegate(LoggerFactory.getLogger(name));
    }
}
