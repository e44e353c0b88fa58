package io.gristmill.coordinator.rest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConsoleStateTest {
    record Item(String id, int value) {
    }

    private static ConsoleState state(List<Item> jobs, List<Item> workers) {
        return ConsoleState.of(jobs, Item::id, workers, Item::id, null, null, Function.identity());
    }

    @Test
    void only_changed_new_and_removed_items_of_changed_lists_are_sent() {
        ConsoleState before = state(List.of(new Item("j1", 1), new Item("j2", 1)), List.of(new Item("w1", 1)));
        ConsoleState after = state(List.of(new Item("j3", 1), new Item("j1", 2)), List.of(new Item("w1", 1)));

        assertEquals("{\"jobs\":{\"upsert\":[{\"id\":\"j3\",\"value\":1},{\"id\":\"j1\",\"value\":2}],"
                + "\"remove\":[\"j2\"]}}", after.changesSince(before));
        assertNull(after.changesSince(after), "nothing changed, nothing to send");
    }

    @Test
    void a_snapshot_holds_every_item_in_order_and_the_job_and_tasks_on_a_job_page() {
        ConsoleState page = ConsoleState.of(List.of(new Item("j2", 1), new Item("j1", 1)), Item::id, List.of(),
                Item::id, Map.of("id", "j1"), List.of(new Item("m-00000", 3)), Item::id);
        assertEquals("{\"jobs\":[{\"id\":\"j2\",\"value\":1},{\"id\":\"j1\",\"value\":1}],\"workers\":[],"
                + "\"job\":{\"id\":\"j1\"},\"tasks\":[{\"id\":\"m-00000\",\"value\":3}]}", page.snapshot());
    }
}
