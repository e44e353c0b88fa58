package io.gristmill.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparing a presented secret (job secret, log secret) with the expected one. */
public final class Secrets {
    private Secrets() {
    }

    /**
     * Whether {@code given} equals {@code expected}, in time that does not depend on where they differ; false if
     * either is null.
     */
    public static boolean matches(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
