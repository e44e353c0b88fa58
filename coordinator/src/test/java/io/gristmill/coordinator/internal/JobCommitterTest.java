package io.gristmill.coordinator.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobCommitterTest {
    @TempDir
    Path output;

    @Test
    void every_committing_task_becomes_a_part_file_and_SUCCESS_comes_last() throws Exception {
        JobCommitter.prepare(output);
        Files.writeString(JobCommitter.committed(output, "r-00000"), "a\t1\n");
        Files.writeString(JobCommitter.committed(output, "r-00001"), "b\t2\n");

        JobCommitter.commitJob(output, List.of("r-00000", "r-00001"));

        assertEquals("a\t1\n", Files.readString(output.resolve("part-r-00000")));
        assertEquals("b\t2\n", Files.readString(output.resolve("part-r-00001")));
        assertTrue(Files.exists(output.resolve(JobCommitter.SUCCESS_MARKER)));
        assertFalse(Files.exists(output.resolve(JobCommitter.TEMPORARY)));
    }

    @Test
    void a_missing_committed_file_fails_the_commit_naming_the_task_and_writes_no_SUCCESS() throws Exception {
        JobCommitter.prepare(output);
        Files.writeString(JobCommitter.committed(output, "r-00000"), "a\t1\n");

        IOException e = assertThrows(IOException.class,
                () -> JobCommitter.commitJob(output, List.of("r-00000", "r-00001")));

        assertTrue(e.getMessage().contains("task r-00001 is missing"), e.getMessage());
        assertFalse(Files.exists(output.resolve(JobCommitter.SUCCESS_MARKER)));
    }

    @Test
    void a_job_commit_an_earlier_coordinator_term_began_completes_when_run_again() throws Exception {
        JobCommitter.prepare(output);
        Files.writeString(JobCommitter.committed(output, "r-00000"), "a\t1\n");
        Files.writeString(output.resolve("part-r-00001"), "b\t2\n"); // moved before that coordinator died

        JobCommitter.commitJob(output, List.of("r-00000", "r-00001"));
        JobCommitter.commitJob(output, List.of("r-00000", "r-00001")); // and once more: nothing changes

        assertEquals("a\t1\n", Files.readString(output.resolve("part-r-00000")));
        assertEquals("b\t2\n", Files.readString(output.resolve("part-r-00001")));
        assertTrue(Files.exists(output.resolve(JobCommitter.SUCCESS_MARKER)));
        assertFalse(Files.exists(output.resolve(JobCommitter.TEMPORARY)));
    }
}
