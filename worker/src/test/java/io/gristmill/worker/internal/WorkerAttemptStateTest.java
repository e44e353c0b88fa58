package io.gristmill.worker.internal;

import org.junit.jupiter.api.Test;

import static io.gristmill.worker.internal.WorkerAttemptState.ENDED;
import static io.gristmill.worker.internal.WorkerAttemptState.RUNNING;
import static io.gristmill.worker.internal.WorkerAttemptState.STOPPED;
import static io.gristmill.worker.internal.WorkerAttemptState.STOPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkerAttemptStateTest {
    @Test
    void anAttemptToldToStopEndsStopped_andOneThatEndedCannotBeStopped() {
        assertEquals(STOPPED, RUNNING.moveTo(STOPPING).moveTo(STOPPED));
        assertEquals(ENDED, RUNNING.moveTo(ENDED));
        assertThrows(IllegalStateException.class, () -> ENDED.moveTo(STOPPING));
        assertThrows(IllegalStateException.class, () -> STOPPING.moveTo(ENDED));
        assertThrows(IllegalStateException.class, () -> RUNNING.moveTo(STOPPED));
        assertThrows(IllegalStateException.class, () -> STOPPED.moveTo(STOPPING));
    }
}
