package io.gristmill.cluster;

import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.Heartbeat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.gristmill.cluster.WireTestSupport.assertEveryCutRefused;
import static io.gristmill.cluster.WireTestSupport.occurrences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatCodecTest {
    private static final String JOB = "job-20261202-143000-0001";

    private static Heartbeat roundTrip(Heartbeat heartbeat) {
        return Messages.decode(Messages.encode(heartbeat), Heartbeat.class);
    }

    @Test
    void every_field_survives_the_trip() {
        Heartbeat heartbeat = new Heartbeat("wörker-7-i2", "T3-5f0c", List.of(JOB + "/m-00007-1", JOB + "/m-00008-1",
                "job-😀/r-00001-2.t3", ""), Integer.MAX_VALUE, List.of(JOB + "/r-00003-1"));
        assertEquals(heartbeat, roundTrip(heartbeat));

        Heartbeat idle = new Heartbeat("w", "T1-a", List.of());
        assertEquals(idle, roundTrip(idle));
        Heartbeat nulls = new Heartbeat(null, null, null, -1, null);
        assertEquals(nulls, roundTrip(nulls));
    }

    @Test
    void attempts_of_one_job_say_the_job_once() {
        List<String> attempts = new ArrayList<>();
        for (int m = 0; m < 64; m++) {
            attempts.add(String.format("%s/m-%05d-1", JOB, m));
        }
        Buffer bytes = Messages.encode(new Heartbeat("w-1", "T1-a", attempts));
        assertEquals(1, occurrences(bytes, JOB));
        assertTrue(bytes.length() < 64 * 8, "bytes for 64 attempts: " + bytes.length());
        // as JSON it took some 2,200 bytes: each id in full, quoted
        assertTrue(bytes.length() * 3 < new JsonObject().put("runningAttempts", attempts).toBuffer().length());
    }

    @Test
    void a_cut_another_format_or_json_is_refused_naming_the_kind() {
        assertEveryCutRefused(Messages.encode(new Heartbeat("w-1", "T1-a", List.of(JOB + "/m-00001-1"), 2,
                List.of(JOB + "/m-00002-1"))), HeartbeatCodec::decode, "Heartbeat");
        Buffer updates = AttemptUpdatesCodec.encode(new AttemptUpdates(List.of()));
        assertEquals("expected Heartbeat (format 5), got AttemptUpdates (format 2)",
                assertThrows(IllegalArgumentException.class, () -> HeartbeatCodec.decode(updates)).getMessage());
        Buffer json = new JsonObject().put("workerId", "w-1").put("epoch", "T1-a").toBuffer(); // an older worker's
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Messages.decode(json, Heartbeat.class))
                .getMessage().contains("got JSON"));
    }
}
