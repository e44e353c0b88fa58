package io.gristmill.simulator;

import io.gristmill.cluster.MapOutputChangesCodec;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.OutputHost;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class DecodedSlicesTest {
    private static Buffer slice(int next, int maps) {
        return MapOutputChangesCodec.encode(new MapOutputChanges(next, 0, List.of(new OutputHost("w-1", "127.0.0.1", 1)),
                List.of(new MapOutputRun(0, maps, 0, 1, ""))));
    }

    @Test
    void equal_bytes_from_the_same_position_are_decoded_once_and_other_bytes_again() {
        DecodedSlices slices = new DecodedSlices(4);
        MapOutputChanges first = slices.decode("job-1", 0, slice(3, 3));
        assertSame(first, slices.decode("job-1", 0, slice(3, 3)));

        MapOutputChanges grown = slices.decode("job-1", 0, slice(5, 5)); // the log grew: a longer slice there
        assertEquals(5, grown.next());
        assertEquals(5, grown.runs().get(0).count());
        assertNotSame(first, slices.decode("job-2", 0, slice(3, 3))); // another job's log
    }
}
