package io.gristmill.worker.internal.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptLogsTest {
    @TempDir
    Path dir;

    @Test
    void whileBound_stdoutStderrAndSlf4jOfThisThreadGoToTheAttemptLog_otherThreadsAndLaterOutputDoNot() throws Exception {
        AttemptLogs.installProcessWide();
        Path file = AttemptLogs.file(AttemptLogs.root(dir), "job-1", "m-00000-1");
        try (AttemptLog log = AttemptLog.open(file); AttemptLogs.Scope ignored = AttemptLogs.bind(log)) {
            System.out.println("to stdout");
            System.err.println("to stderr");
            LoggerFactory.getLogger("some.job.Logger").info("info {} from the job", 42);
            LoggerFactory.getLogger("some.job.Logger").debug("debug is not kept");
            Thread other = new Thread(() -> System.out.println("from another thread"));
            other.start();
            other.join();
        }
        System.out.println("after the attempt");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("to stdout\n"), text);
        assertTrue(text.contains("to stderr\n"), text);
        assertTrue(text.contains("INFO some.job.Logger - info 42 from the job"), text);
        assertFalse(text.contains("debug is not kept"), text);
        assertFalse(text.contains("from another thread"), text);
        assertFalse(text.contains("after the attempt"), text);
    }

    @Test
    void aLogPastItsCap_keepsTheCapAndOneNote() throws Exception {
        Path file = dir.resolve("capped.log");
        try (AttemptLog log = AttemptLog.open(file, 10)) {
            byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
            log.write(bytes, 0, bytes.length);
            log.write(bytes, 0, bytes.length);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("0123456789\n[gristmill] log truncated"), text);
        assertEquals(1, text.split("truncated", -1).length - 1, text);
    }

    @Test
    void idsThatCouldLeaveTheLogFolder_areRefused() {
        Path root = AttemptLogs.root(dir);
        assertThrows(IllegalArgumentException.class, () -> AttemptLogs.file(root, "..", "a"));
        assertThrows(IllegalArgumentException.class, () -> AttemptLogs.file(root, "job", "a/../../b"));
        assertThrows(IllegalArgumentException.class, () -> AttemptLogs.file(root, "job", ".hidden"));
    }
}
