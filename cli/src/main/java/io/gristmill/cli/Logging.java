package io.gristmill.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes java.util.logging (used by some libraries) into SLF4J so that Logback's quiet defaults apply. */
final class Logging {
    private Logging() {
    }

    static void quietJul() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
