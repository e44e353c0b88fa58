package io.gristmill.cluster;

import io.gristmill.cluster.Messages.MapOutputChange;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.OutputHost;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MapOutputChangesCodecTest {
    private static final List<OutputHost> HOSTS = List.of(new OutputHost("w-0", "10.0.0.1", 7001),
            new OutputHost("wörker-1", "10.0.0.2", 65535));

    @Test
    void changes_survive_the_trip_in_order_whatever_their_attempt_ids() {
        List<MapOutputChange> changes = List.of(
                new MapOutputChange(0, "m-00000-1", 0),
                new MapOutputChange(1, "m-00001-1", 0),
                new MapOutputChange(2, "m-00002-1", 1),
                new MapOutputChange(1, "m-00001-1", MapOutputChange.OBSOLETE),
                new MapOutputChange(1, "m-00001-2.t3", 1),
                new MapOutputChange(2, "m-00002-3.t3", 1),
                new MapOutputChange(123456, "m-123456-12", 0),
                new MapOutputChange(7, "recovered-attempt", 1),
                new MapOutputChange(8, "m-00008-01", 1));

        MapOutputChanges decoded = roundTrip(new MapOutputChanges(77, 0, HOSTS, MapOutputChangesCodec.runs(changes)));

        assertEquals(changes, decoded.changes());
        assertEquals(77, decoded.next());
        assertEquals(HOSTS, decoded.hosts());
    }

    @Test
    void runs_may_refer_to_hosts_of_earlier_slices_by_their_job_wide_number() {
        List<MapOutputChange> changes = List.of(new MapOutputChange(5, "m-00005-1", 0),
                new MapOutputChange(3, "m-00003-1", 41), new MapOutputChange(4, "m-00004-1", 40));

        MapOutputChanges decoded = roundTrip(new MapOutputChanges(9, 40, HOSTS, MapOutputChangesCodec.runs(changes)));

        assertEquals(changes, decoded.changes(), "hosts below 40 are the reader's own, maps go back and forth");
        assertEquals(40, decoded.firstHost());
        assertThrows(IllegalArgumentException.class, () -> roundTrip(new MapOutputChanges(9, 40, HOSTS,
                MapOutputChangesCodec.runs(List.of(new MapOutputChange(3, "m-00003-1", 42))))), "a host past the slice's");
    }

    @Test
    void consecutive_maps_of_one_host_and_attempt_number_form_one_run() {
        List<MapOutputChange> changes = List.of(
                new MapOutputChange(10, "m-00010-1", 0),
                new MapOutputChange(11, "m-00011-1", 0),
                new MapOutputChange(12, "m-00012-1", 0),
                new MapOutputChange(13, "m-00013-1", 1),
                new MapOutputChange(14, "m-00014-2", 1),
                new MapOutputChange(16, "m-00016-2", 1));

        assertEquals(List.of(new MapOutputRun(10, 3, 0, 1, ""), new MapOutputRun(13, 1, 1, 1, ""),
                new MapOutputRun(14, 1, 1, 2, ""), new MapOutputRun(16, 1, 1, 2, "")),
                MapOutputChangesCodec.runs(changes));
    }

    @Test
    void damaged_or_foreign_bytes_are_refused_with_an_illegal_argument() {
        Buffer good = MapOutputChangesCodec.encode(new MapOutputChanges(3, 0, HOSTS,
                MapOutputChangesCodec.runs(List.of(new MapOutputChange(0, "m-00000-1", 1)))));
        assertThrows(IllegalArgumentException.class, () -> MapOutputChangesCodec.decode(good.getBuffer(0, 9)));
        assertThrows(IllegalArgumentException.class, () -> MapOutputChangesCodec.decode(Buffer.buffer("{\"next\":1}")));
        assertThrows(IllegalArgumentException.class, () -> MapOutputChangesCodec.decode("text"));
    }

    private static MapOutputChanges roundTrip(MapOutputChanges message) {
        return MapOutputChangesCodec.decode(MapOutputChangesCodec.encode(message));
    }
}
