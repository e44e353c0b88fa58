package io.gristmill.worker.internal.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptLogsTest {
    @TempDir
    Path dir;

    @Test
    void whileBound_stdoutStderrAndSlf4jOfThisThreadGoToTheAttemptLog_otherThreadsAndLaterOutputDoNot() throws Exception {
        AttemptLogs.installProcessWide();
        Path file = AttemptLogs.file(AttemptLogs.root(dir), "job-1", "m-00000-1");
        try (AttemptLog log = AttemptLog.open(file, AttemptLogs.journal(AttemptLogs.root(dir), "job-1"));
             AttemptLogs.Scope ignored = AttemptLogs.bind(log)) {
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
        try (AttemptLog log = AttemptLog.open(file, dir.resolve("journal.log"), 10)) {
            byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
            log.write(bytes, 0, bytes.length);
            log.write(bytes, 0, bytes.length);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("0123456789\n[gristmill] log truncated"), text);
        assertEquals(1, text.split("truncated", -1).length - 1, text);
    }

    @Test
    void anAttemptThatPrintsNothing_createsNoFile_andItsFrameworkLinesAreReadFromTheJobJournal() throws Exception {
        Path root = AttemptLogs.root(dir);
        for (String attempt : List.of("m-00000-1", "m-00000-10")) {
            try (AttemptLog log = AttemptLog.open(AttemptLogs.file(root, "job-1", attempt), AttemptLogs.journal(root, "job-1"))) {
                log.line("INFO", "gristmill", "attempt " + attempt + " of job-1 starts on worker w-1");
                log.line("INFO", "gristmill", "attempt " + attempt + " succeeded");
            }
            assertFalse(Files.exists(AttemptLogs.file(root, "job-1", attempt)));
        }
        String text = new String(AttemptLogs.read(root, "job-1", "m-00000-1"), StandardCharsets.UTF_8);
        assertEquals(2, text.lines().count(), text);
        assertTrue(text.contains("INFO gristmill - attempt m-00000-1 of job-1 starts on worker w-1"), text);
        assertTrue(text.contains("INFO gristmill - attempt m-00000-1 succeeded"), text);
        assertNull(AttemptLogs.read(root, "job-1", "m-00000-2"), "an attempt this worker never ran has no log");
    }

    @Test
    void anAttemptsFirstOutputCreatesItsFile_withTheFrameworkLinesBeforeIt() throws Exception {
        Path root = AttemptLogs.root(dir);
        Path file = AttemptLogs.file(root, "job-1", "r-00000-1");
        try (AttemptLog log = AttemptLog.open(file, AttemptLogs.journal(root, "job-1"))) {
            log.line("INFO", "gristmill", "attempt r-00000-1 of job-1 starts on worker w-1");
            byte[] printed = "hello\n".getBytes(StandardCharsets.UTF_8);
            log.write(printed, 0, printed.length);
            log.line("ERROR", "gristmill", "attempt r-00000-1 failed: boom");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*starts on worker w-1\nhello\n.*failed: boom\n"), text);
        assertEquals(text, new String(AttemptLogs.read(root, "job-1", "r-00000-1"), StandardCharsets.UTF_8));
        assertFalse(Files.exists(AttemptLogs.journal(root, "job-1")), "nothing went to the journal");
    }

    @Test
    void anAttemptThatFailsSilently_stillGetsAFileWithItsError() throws Exception {
        Path root = AttemptLogs.root(dir);
        Path file = AttemptLogs.file(root, "job-1", "m-00001-1");
        try (AttemptLog log = AttemptLog.open(file, AttemptLogs.journal(root, "job-1"))) {
            log.line("INFO", "gristmill", "attempt m-00001-1 of job-1 starts on worker w-1");
            log.line("ERROR", "gristmill", "attempt m-00001-1 failed: java.io.IOException: disk on fire");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("starts on worker w-1") && text.contains("disk on fire"), text);
    }

    @Test
    void idsThatCouldLeaveTheLogFolder_areRefused() {
        Path root = AttemptLogs.root(dir);
        assertThrows(IllegalArgumentException.class, () -> AttemptLogs.file(root, "..", "a"));
        assertThrows(IllegalArgumentException.class, () -> AttemptLogs.file(root, "job", "a/../../b"));
        assertThrows(IllegalArgumentException.class, () -> AttemptLogs.file(root, "job", ".hidden"));
    }
}
