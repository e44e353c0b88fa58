package io.gristmill.simulator;

import io.gristmill.cluster.Messages.MapOutputChange;
import io.gristmill.cluster.Messages.MapOutputRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimJobOutputsTest {
    private static final int HOST = 0;

    private static MapOutputRun current(int firstMap, int count, int attemptNumber, String suffix) {
        return new MapOutputRun(firstMap, count, HOST, attemptNumber, suffix);
    }

    private static MapOutputRun obsolete(int firstMap, int count, int attemptNumber, String suffix) {
        return new MapOutputRun(firstMap, count, MapOutputChange.OBSOLETE, attemptNumber, suffix);
    }

    @Test
    void every_map_with_a_current_output_completes_the_view() {
        SimJobOutputs outputs = new SimJobOutputs("e1", 4);
        outputs.apply(current(0, 3, 1, ""));
        assertFalse(outputs.complete());
        outputs.apply(current(3, 1, 1, ""));
        assertTrue(outputs.complete());
    }

    @Test
    void a_lost_output_is_missing_until_its_rerun_is_announced() {
        SimJobOutputs outputs = new SimJobOutputs("e1", 4);
        outputs.apply(current(0, 4, 1, ""));
        outputs.apply(obsolete(1, 2, 1, "")); // maps 1 and 2 died with their worker
        assertFalse(outputs.complete());
        outputs.apply(current(1, 2, 2, ""));
        assertTrue(outputs.complete());
    }

    @Test
    void an_output_replaced_by_another_attempt_counts_once_and_the_old_ones_obsolescence_does_not_remove_it() {
        SimJobOutputs outputs = new SimJobOutputs("e1", 2);
        outputs.apply(current(0, 1, 1, ""));
        outputs.apply(current(0, 1, 2, ".t3")); // a backup's output replaces the original's
        assertFalse(outputs.complete(), "map 0 counted twice");
        outputs.apply(obsolete(0, 1, 1, "")); // the original's output is gone, the backup's is current
        outputs.apply(current(1, 1, MapOutputRun.LITERAL, "m-00001-x"));
        assertTrue(outputs.complete());
        outputs.apply(obsolete(1, 1, MapOutputRun.LITERAL, "m-00001-x"));
        assertFalse(outputs.complete());
    }
}
