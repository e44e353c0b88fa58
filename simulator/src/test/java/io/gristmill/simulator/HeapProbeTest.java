package io.gristmill.simulator;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe against a real JVM of its own, whose live heap the test knows. */
class HeapProbeTest {
    private static final int HELD_MIB = 64;

    @Test
    void readsTheLiveHeapOfAnotherJvmAfterAFullGc() throws Exception {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Holder.class.getName()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            try (HeapProbe probe = HeapProbe.attach(child.pid())) {
                double first = probe.usedAfterFullGcMiB();
                double second = probe.usedAfterFullGcMiB(); // the same connection, again
                assertTrue(first >= HELD_MIB && first < HELD_MIB + 32, "heap after a full GC: " + first + " MiB");
                assertTrue(Math.abs(second - first) < 8, "second reading " + second + " MiB, first " + first);
            }
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Holds {@value #HELD_MIB} MiB live (and as much garbage, for the full GC to drop) until its stdin closes, in 64 KiB
     * arrays: G1 would give each array of half a region or more (here 1 MiB regions) regions of its own.
     */
    public static final class Holder {
        static byte[][] held;

        public static void main(String[] args) throws java.io.IOException {
            held = new byte[HELD_MIB * 16][];
            for (int i = 0; i < held.length; i++) {
                held[i] = new byte[64 * 1024];
                byte[] garbage = new byte[64 * 1024];
                garbage[0] = 1;
            }
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) { // until the test closes our stdin or kills us
            }
        }
    }
}
