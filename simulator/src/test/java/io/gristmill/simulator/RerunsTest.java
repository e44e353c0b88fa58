package io.gristmill.simulator;

import io.gristmill.client.AttemptStatus;
import io.gristmill.client.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RerunsTest {
    private static final String LOST = "map output lost with its worker";

    private static AttemptStatus attempt(String id, String state, long started, long finished, String error) {
        return new AttemptStatus(id, "w", state, started, finished, 1, Map.of(), error, null, false, false);
    }

    /** The report on one map task with these attempts. */
    private static Reruns reruns(AttemptStatus... attempts) {
        return Reruns.of(List.of(new TaskStatus("m-00000", "MAP", "SUCCEEDED", "split", List.of(attempts))));
    }

    @Test
    void aLostOutputRunAgainOnce_isOnce() {
        Reruns reruns = reruns(attempt("a1", "KILLED", 0, 100, LOST),
                attempt("a2", "SUCCEEDED", 110, 120, null));

        assertEquals(new Reruns(1, 1, 0, 0, 0, Map.of()), reruns);
        assertTrue(reruns.exactlyOnce());
    }

    @Test
    void aReRunWhoseWorkerDiedNextIsACascadeAndANewLoss_notADuplicate() {
        Reruns reruns = reruns(attempt("a1", "KILLED", 0, 100, LOST),
                attempt("a2", "KILLED", 110, 200, LOST), attempt("a3", "SUCCEEDED", 210, 220, null));

        assertEquals(new Reruns(2, 1, 1, 0, 0, Map.of()), reruns);
        assertTrue(reruns.exactlyOnce());
    }

    @Test
    void twoSuccessfulReRunsOfOneLoss_areADuplicate() {
        Reruns reruns = reruns(attempt("a1", "KILLED", 0, 100, LOST),
                attempt("a2", "SUCCEEDED", 110, 120, null), attempt("a3", "SUCCEEDED", 115, 130, null));

        assertEquals(1, reruns.duplicates());
        assertFalse(reruns.exactlyOnce());
    }

    @Test
    void aReRunSentToADyingWorker_isListedApart_andTheNextSuccessCountsOnce() {
        Reruns reruns = reruns(attempt("a1", "KILLED", 0, 100, LOST),
                attempt("a2", "KILLED", 105, 108, "worker sim-h1-w3-i1 lost after 12 ms"),
                attempt("a3", "SUCCEEDED", 110, 120, null));

        assertEquals(new Reruns(1, 1, 0, 0, 0, Map.of("KILLED: worker W lost after N ms", 1)), reruns);
    }

    @Test
    void aLossWithNoSuccessfulReRun_isNever_andAttemptsBeforeTheLossDoNotCount() {
        Reruns reruns = reruns(attempt("a0", "SUCCEEDED", 0, 10, null),
                attempt("a1", "KILLED", 5, 100, LOST));

        assertEquals(new Reruns(1, 0, 0, 0, 1, Map.of()), reruns);
        assertFalse(reruns.exactlyOnce());
    }

    @Test
    void reduceTasksAreNotCounted() {
        TaskStatus reduce = new TaskStatus("r-00000", "REDUCE", "SUCCEEDED", null,
                List.of(attempt("r1", "KILLED", 0, 100, LOST)));

        assertEquals(0, Reruns.of(List.of(reduce)).lost());
    }
}
