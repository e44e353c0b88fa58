package io.gristmill.coordinator.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreeSlotsTest {
    private final FreeSlots free = new FreeSlots();

    private WorkerRecord register(String id, int slots) {
        WorkerRecord worker = new WorkerRecord(id, "node-" + id, slots, "127.0.0.1", 1, 0);
        free.add(worker);
        return worker;
    }

    @Test
    void aWorkerHasNoFreeSlotUntilItConfirmsItsRegistration_butCountsAsAliveAtOnce() {
        WorkerRecord worker = register("w1", 2);

        assertFalse(free.any());
        assertEquals(1, free.aliveWorkers());
        assertEquals(2, free.aliveSlots());

        worker.confirmRegistration();
        assertEquals(List.of(worker), free.workers());
    }

    @Test
    void refusingAndLeftoverSlotsTakeAWorkerOut_andAcceptingAgainBringsItBack() {
        WorkerRecord worker = register("w1", 2);
        worker.confirmRegistration();

        worker.refusing();
        assertFalse(free.any());
        worker.acceptingAgain();
        assertTrue(free.any());

        worker.leftoverSlots(2); // both slots held by an earlier incarnation's threads
        assertFalse(free.any());
        worker.leftoverSlots(1);
        assertEquals(List.of(worker), free.workers());
    }

    @Test
    void aDeadWorkerLeavesTheFreeSetAndTheAliveCountsOnce() {
        WorkerRecord first = register("w1", 2);
        WorkerRecord second = register("w2", 3);
        first.confirmRegistration();
        second.confirmRegistration();

        second.died("its process left the cluster", 10);
        second.refusing(); // a later change to a dead worker counts nothing twice

        assertEquals(List.of(first), free.workers());
        assertEquals(1, free.aliveWorkers());
        assertEquals(2, free.aliveSlots());
    }

    @Test
    void workersWithFreeSlotsComeInTheOrderTheyRegistered_notTheOrderTheirSlotsFreed() {
        WorkerRecord first = register("w1", 1);
        WorkerRecord second = register("w2", 1);
        WorkerRecord third = register("w3", 1);
        third.confirmRegistration();
        first.confirmRegistration();
        second.confirmRegistration();

        assertEquals(List.of(first, second, third), free.workers());
    }
}
