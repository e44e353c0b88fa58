package io.gristmill.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds of a process from outside it: user + system time in {@code /proc/<pid>/stat} (Linux). */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** User + system CPU seconds of {@code pid} so far (clock ticks of 1/100 s); 0 once the process is gone. */
    static double seconds(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks / 100.0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's CPU seconds. */
    static double ofThisJvm() {
        return seconds(ProcessHandle.current().pid());
    }
}
