package io.gristmill.cluster;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.SideFile;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gristmill.cluster.WireTestSupport.assertEveryCutRefused;
import static io.gristmill.cluster.WireTestSupport.occurrences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunAttemptsCodecTest {
    private static final String JOB = "job-20261202-071500-0001";
    private static final String EPOCH = "T3-5f0c";

    @Test
    void every_field_of_a_map_and_a_reduce_attempt_survives_the_trip() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("pattern", "wörter ✓ 😀");
        params.put("", "");
        RunAttempt map = new RunAttempt(new AttemptRef(JOB, "m-00012", "m-00012-3.t2", EPOCH), TaskType.MAP,
                Integer.MAX_VALUE, 3, "Wörd Count ✓", "/state/jars/ab12.jar", "ab12", "http://10.0.0.1:8080/internal/jars/ab12",
                "io.gristmill.samples.WordCount", params, new InputSplit("/in/dätä 😀/part-0001.txt", Long.MAX_VALUE, 0),
                20_000, 500, Long.MAX_VALUE, "/out/wörk", "sëcret", List.of(0L, 7L, Long.MAX_VALUE),
                List.of(new SideFile("stop words.txt", "cd34", "/state/files/cd34", null),
                        new SideFile("ü", "ef56", "/state/files/ef56", "http://10.0.0.1:8080/internal/files/ef56")),
                "zstd", "zstd");
        RunAttempt reduce = new RunAttempt(new AttemptRef(JOB, "r-00499", "r-00499-1", EPOCH), TaskType.REDUCE,
                499, 1, "Wörd Count ✓", "/state/jars/ab12.jar", "ab12", null, "io.gristmill.samples.WordCount", Map.of(),
                null, 20_000, 500, 0, "/out/wörk", "sëcret", null, null, null, "none");

        RunAttempts bundle = new RunAttempts(List.of(map, reduce));
        assertEquals(bundle, roundTrip(bundle));
    }

    @Test
    void nulls_and_empties_survive_the_trip() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("key", null);
        RunAttempt bare = new RunAttempt(null, null, Integer.MIN_VALUE, -1, null, null, null, null, null, null, null,
                0, 0, Long.MIN_VALUE, null, null, List.of(), List.of(), "", "");
        RunAttempt nullParam = new RunAttempt(new AttemptRef("", "", "", ""), TaskType.MAP, 0, 0, "", "", "", "", "",
                nullValue, new InputSplit("", 0, 0), 0, 0, 0, "", "", List.of(), List.of(), "none", "none");

        assertEquals(new RunAttempts(List.of(bare, nullParam)), roundTrip(new RunAttempts(List.of(bare, nullParam))));
        assertEquals(new RunAttempts(List.of()), roundTrip(new RunAttempts(List.of())));
        assertEquals(new RunAttempts(null), roundTrip(new RunAttempts(null)));
    }

    @Test
    void a_bundle_says_its_job_once_and_costs_little_per_further_attempt() {
        List<RunAttempt> bundle = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String task = TaskType.MAP.taskId(i);
            bundle.add(new RunAttempt(new AttemptRef(JOB, task, task + "-1", EPOCH), TaskType.MAP, i, 1, "WordCount",
                    "/state/jars/ab12.jar", "ab12", "http://10.0.0.1:8080/internal/jars/ab12",
                    "io.gristmill.samples.WordCount", Map.of("gristmill.round", "1"),
                    new InputSplit("/bench/data/sim-input-20000/f-" + i + ".txt", 0, 12), 20_000, 500, 0,
                    "/bench/target/sim/output", "0123456789abcdef0123456789abcdef"));
        }
        Buffer one = RunAttemptsCodec.encode(new RunAttempts(bundle.subList(0, 1)));
        Buffer twenty = RunAttemptsCodec.encode(new RunAttempts(bundle));

        assertEquals(1, occurrences(twenty, "io.gristmill.samples.WordCount"));
        assertEquals(1, occurrences(twenty, "0123456789abcdef0123456789abcdef"));
        assertEquals(1, occurrences(twenty, "/bench/data/sim-input-20000/"));
        assertTrue((twenty.length() - one.length()) / 19 < 100, "bytes per further attempt (about 950 as JSON): "
                + (twenty.length() - one.length()) / 19);
    }

    @Test
    void a_message_cut_short_anywhere_is_refused_naming_its_kind() {
        RunAttempt map = new RunAttempt(new AttemptRef(JOB, "m-1", "m-1-1", EPOCH), TaskType.MAP, 1, 1, "n", "/j",
                "h", "u", "c", Map.of("k", "v"), new InputSplit("/in", 1, 2), 3, 4, 5, "/out", "s", List.of(300L),
                List.of(new SideFile("a", "b", "c", "d")), "gzip", "zstd");
        assertEveryCutRefused(RunAttemptsCodec.encode(new RunAttempts(List.of(map))), RunAttemptsCodec::decode,
                "RunAttempts");
    }

    @Test
    void another_format_or_an_unknown_task_type_is_refused_naming_the_kind() {
        Buffer updates = AttemptUpdatesCodec.encode(new AttemptUpdates(List.of()));
        assertEquals("expected RunAttempts (format 3), got AttemptUpdates (format 2)",
                assertThrows(IllegalArgumentException.class, () -> RunAttemptsCodec.decode(updates)).getMessage());

        Buffer json = Messages.encode(new Messages.JobEnded("job")); // a JSON message sent to the wrong decoder
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunAttemptsCodec.decode(json)).getMessage()
                .contains("got JSON"));

        // a type this version does not know: one attempt, no ref, type "SHUFFLE" said as a new shared string
        Buffer unknownType = Buffer.buffer().appendByte(WireFormat.RUN_ATTEMPTS.tag).appendByte((byte) 2)
                .appendByte((byte) 0).appendByte((byte) 1).appendByte((byte) 7).appendString("SHUFFLE");
        String error = assertThrows(IllegalArgumentException.class, () -> RunAttemptsCodec.decode(unknownType))
                .getMessage();
        assertTrue(error.startsWith("RunAttempts cut short or damaged"), error);
    }

    @Test
    void messages_encodes_and_decodes_run_attempts_in_this_form() {
        RunAttempts bundle = new RunAttempts(List.of(new RunAttempt(new AttemptRef(JOB, "r-1", "r-1-1", EPOCH),
                TaskType.REDUCE, 1, 1, "n", "/j", "h", null, "c", Map.of(), null, 3, 4, 0, "/out", "s")));
        Buffer bytes = Messages.encode(bundle);

        assertEquals(WireFormat.RUN_ATTEMPTS.tag, bytes.getByte(0));
        assertEquals(bundle, Messages.decode(bytes, RunAttempts.class));
    }

    private static RunAttempts roundTrip(RunAttempts message) {
        return RunAttemptsCodec.decode(RunAttemptsCodec.encode(message));
    }
}
