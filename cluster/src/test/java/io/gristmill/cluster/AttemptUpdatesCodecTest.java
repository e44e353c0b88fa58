package io.gristmill.cluster;

import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.BadRecord;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.ReportedState;
import io.gristmill.cluster.Messages.RunAttempts;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.gristmill.cluster.WireTestSupport.assertEveryCutRefused;
import static io.gristmill.cluster.WireTestSupport.occurrences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttemptUpdatesCodecTest {
    private static final AttemptRef REF = new AttemptRef("job-20261202-071500-0001", "m-00007", "m-00007-2.t3",
            "T3-5f0c");

    @Test
    void every_field_of_a_success_report_survives_the_trip() {
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        counters.put("gristmill", new LinkedHashMap<>(Map.of("MAP_INPUT_RECORDS", Long.MAX_VALUE)));
        counters.put("wörter ✓", new LinkedHashMap<>(Map.of("größte", Long.MIN_VALUE, "-1", -1L, "zero", 0L)));
        counters.put("", Map.of());
        AttemptUpdate success = new AttemptUpdate(REF, "wörker-7-i2", ReportedState.SUCCEEDED, 1.0, counters, null,
                null, new MapOutputLocation("m-00007", "m-00007-2.t3", "wörker-7-i2", "10.0.0.7", 65535,
                "/work/wörk/😀/m-00007-2.t3.data", "/work/wörk/😀/m-00007-2.t3.index"),
                Long.MAX_VALUE, null, 123_456_789_012L);

        assertEquals(new AttemptUpdates(List.of(success)), roundTrip(new AttemptUpdates(List.of(success))));
    }

    @Test
    void nulls_empties_and_failures_survive_the_trip() {
        Map<String, Map<String, Long>> withNullGroup = new HashMap<>();
        withNullGroup.put("group", null);
        List<AttemptUpdate> updates = List.of(
                new AttemptUpdate(null, null, null, Double.NaN, null, null, null, null, 0, null, null),
                new AttemptUpdate(REF, "w", ReportedState.RUNNING, 0.25, Map.of(), "", "", null, -5, null, null),
                new AttemptUpdate(REF, "w", ReportedState.FAILED, 0.5, withNullGroup, "boom ✗",
                        "java.lang.IllegalStateException: boom\n\tat x.Y(Y.java:1)\n".repeat(2_000), null, 3,
                        new BadRecord(Long.MAX_VALUE, "/in/dätä 😀.txt", -1, "bad ✗"), null),
                new AttemptUpdate(REF, "w", ReportedState.STOPPED, 0, null, null, null,
                        new MapOutputLocation(null, null, null, null, -1, null, ""), 0,
                        new BadRecord(0, null, 0, null), 0L));

        assertEquals(new AttemptUpdates(updates), roundTrip(new AttemptUpdates(updates)));
        assertEquals(new AttemptUpdates(List.of()), roundTrip(new AttemptUpdates(List.of())));
        assertEquals(new AttemptUpdates(null), roundTrip(new AttemptUpdates(null)));
    }

    @Test
    void paths_that_share_half_of_a_surrogate_pair_survive_the_trip() {
        // 😀 and 😁 share their high surrogate: a shared prefix ending between the halves would lose both
        MapOutputLocation location = new MapOutputLocation("m-1", "m-1-1", "w", "h", 1, "/w/😀a", "/w/😁b");
        AttemptUpdate update = new AttemptUpdate(REF, "w", ReportedState.SUCCEEDED, 1, null, null, null, location);

        assertEquals(location, roundTrip(new AttemptUpdates(List.of(update))).updates().get(0).mapOutput());
    }

    @Test
    void a_report_of_many_successes_says_each_name_once_and_costs_little_per_success() {
        Map<String, Map<String, Long>> counters = Map.of("gristmill", Map.of("MAP_INPUT_RECORDS", 10L,
                "MAP_OUTPUT_RECORDS", 20L, "SPILLED_RECORDS", 0L));
        List<AttemptUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String task = TaskType.MAP.taskId(i);
            updates.add(new AttemptUpdate(new AttemptRef(REF.jobId(), task, task + "-1", REF.epoch()), "sim-h0-w3-i1",
                    ReportedState.SUCCEEDED, 1, counters, null, null, new MapOutputLocation(task, task + "-1",
                    "sim-h0-w3-i1", "127.0.0.1", 40123, "/work/dir/maps/" + task + "-1.data",
                    "/work/dir/maps/" + task + "-1.index"), 30, null, 5L));
        }
        Buffer one = AttemptUpdatesCodec.encode(new AttemptUpdates(updates.subList(0, 1)));
        Buffer twenty = AttemptUpdatesCodec.encode(new AttemptUpdates(updates));

        assertEquals(1, occurrences(twenty, "MAP_OUTPUT_RECORDS"));
        assertEquals(1, occurrences(twenty, REF.epoch()));
        assertTrue((twenty.length() - one.length()) / 19 < 100, "bytes per further success (about 500 as JSON): "
                + (twenty.length() - one.length()) / 19);
    }

    @Test
    void a_message_cut_short_anywhere_is_refused_naming_its_kind() {
        AttemptUpdate update = new AttemptUpdate(REF, "w", ReportedState.FAILED, 0.5,
                Map.of("g", Map.of("n", 300L)), "error", "trace", new MapOutputLocation("m", "a", "w", "h", 1,
                "/d", "/i"), 7, new BadRecord(1, "f", 2, "e"), 9L);
        assertEveryCutRefused(AttemptUpdatesCodec.encode(new AttemptUpdates(List.of(update))),
                AttemptUpdatesCodec::decode, "AttemptUpdates");
    }

    @Test
    void another_format_or_json_is_refused_naming_the_kinds() {
        Buffer runs = RunAttemptsCodec.encode(new RunAttempts(List.of()));
        assertEquals("expected AttemptUpdates (format 2), got RunAttempts (format 3)",
                assertThrows(IllegalArgumentException.class, () -> AttemptUpdatesCodec.decode(runs)).getMessage());

        Buffer json = Buffer.buffer("{\"updates\":[]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttemptUpdatesCodec.decode(json)).getMessage()
                .contains("expected AttemptUpdates (format 2), got JSON"));

        Buffer future = Buffer.buffer(new byte[]{99, 1});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttemptUpdatesCodec.decode(future)).getMessage()
                .contains("got unknown format 99"));

        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AttemptUpdatesCodec.decode(new JsonObject())).getMessage().contains("AttemptUpdates as bytes"));
    }

    @Test
    void messages_encodes_and_decodes_attempt_updates_in_this_form() {
        AttemptUpdates updates = new AttemptUpdates(List.of(new AttemptUpdate(REF, "w", ReportedState.RUNNING, 0.5,
                null, null, null, null)));
        Buffer bytes = Messages.encode(updates);

        assertEquals(WireFormat.ATTEMPT_UPDATES.tag, bytes.getByte(0));
        assertEquals(updates, Messages.decode(bytes, AttemptUpdates.class));
        assertTrue(Arrays.equals(AttemptUpdatesCodec.encode(updates).getBytes(), bytes.getBytes()));
    }

    private static AttemptUpdates roundTrip(AttemptUpdates message) {
        return AttemptUpdatesCodec.decode(AttemptUpdatesCodec.encode(message));
    }
}
