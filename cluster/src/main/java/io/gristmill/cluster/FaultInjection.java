package io.gristmill.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Fault injection for process tests only (docs/fault-injection.md): a few named points where a process can be held
 * while a file exists, so that a test can {@code kill -9} it there deterministically — inside steps that otherwise
 * take milliseconds. Each point is off unless its system property names a file; production never sets them. A
 * process started with one set says so in a warning, and again each time it holds.
 */
public final class FaultInjection {
    /** Holds the coordinator's job commit after it moved the first committed part into the output folder. */
    public static final String HOLD_IN_JOB_COMMIT = "gristmill.fault.holdInJobCommit";
    /** Holds a reduce attempt in its fetch phase: it knows every map output and has fetched none. */
    public static final String HOLD_IN_REDUCE_FETCH = "gristmill.fault.holdInReduceFetch";

    private static final List<String> POINTS = List.of(HOLD_IN_JOB_COMMIT, HOLD_IN_REDUCE_FETCH);
    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

    private FaultInjection() {
    }

    /** Logs a warning per fault injection point this process was started with: never quietly on. */
    public static void warnIfSet() {
        for (String point : POINTS) {
            String file = System.getProperty(point);
            if (file != null) {
                log.warn("FAULT INJECTION for tests is on: -D{}={} (never set this in production)", point, file);
            }
        }
    }

    /**
     * At point {@code point}: if its property names a file that exists, waits until the file is gone or
     * {@code stop} says so. Returns at once when the property is not set.
     */
    public static void hold(String point, String where, BooleanSupplier stop) throws InterruptedException {
        String file = System.getProperty(point);
        if (file == null || !Files.exists(Path.of(file))) {
            return;
        }
        log.warn("FAULT INJECTION ({}): holding {} while {} exists", point, where, file);
        while (Files.exists(Path.of(file)) && !stop.getAsBoolean()) {
            Thread.sleep(50); // a test's hold: polling a file it removes
        }
        log.warn("FAULT INJECTION ({}): released {}", point, where);
    }
}
