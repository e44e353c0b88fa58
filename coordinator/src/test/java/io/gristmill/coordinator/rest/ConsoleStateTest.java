package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.Page;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConsoleStateTest {
    record Item(String id, int value) {
    }

    private static ConsoleState state(Page<Item> jobs, Page<Item> workers) {
        return ConsoleState.of(jobs, Item::id, workers, Item::id, null, null, Function.identity());
    }

    private static Page<Item> page(int total, Item... items) {
        return new Page<>(List.of(items), total);
    }

    @Test
    void only_changed_new_and_removed_rows_of_changed_lists_are_sent_with_the_new_order() {
        ConsoleState before = state(page(2, new Item("j1", 1), new Item("j2", 1)), page(1, new Item("w1", 1)));
        ConsoleState after = state(page(2, new Item("j3", 1), new Item("j1", 2)), page(1, new Item("w1", 1)));

        assertEquals("{\"jobs\":{\"upsert\":[{\"id\":\"j3\",\"value\":1},{\"id\":\"j1\",\"value\":2}],"
                + "\"remove\":[\"j2\"],\"order\":[\"j3\",\"j1\"]}}", after.changesSince(before));
        assertNull(after.changesSince(after), "nothing changed, nothing to send");
    }

    @Test
    void a_changed_row_in_place_sends_no_order() {
        ConsoleState before = state(page(5, new Item("j1", 1), new Item("j2", 1)), null);
        ConsoleState after = state(page(5, new Item("j1", 1), new Item("j2", 2)), null);

        assertEquals("{\"jobs\":{\"upsert\":[{\"id\":\"j2\",\"value\":2}],\"remove\":[]}}", after.changesSince(before));
    }

    @Test
    void a_longer_list_whose_page_is_the_same_sends_only_its_new_length() {
        ConsoleState before = state(null, page(2_000, new Item("w1", 1)));
        ConsoleState after = state(null, page(2_001, new Item("w1", 1)));

        assertEquals("{\"workersTotal\":2001}", after.changesSince(before));
    }

    @Test
    void a_snapshot_holds_the_pages_shown_with_their_lengths_and_the_job_and_a_page_of_tasks_on_a_job_page() {
        ConsoleState state = ConsoleState.of(page(7, new Item("j2", 1), new Item("j1", 1)), Item::id, null,
                Item::id, Map.of("id", "j1"), page(205_000, new Item("m-00000", 3)), Item::id);
        assertEquals("{\"jobs\":[{\"id\":\"j2\",\"value\":1},{\"id\":\"j1\",\"value\":1}],\"jobsTotal\":7,"
                + "\"job\":{\"id\":\"j1\"},\"tasks\":[{\"id\":\"m-00000\",\"value\":3}],\"tasksTotal\":205000}",
                state.snapshot());
    }

    @Test
    void a_task_leaving_a_filtered_page_of_tasks_is_removed_its_successor_upserted_and_the_new_length_sent() {
        Map<String, String> job = Map.of("id", "j1");
        ConsoleState before = ConsoleState.of(null, Item::id, null, Item::id, job,
                page(3, new Item("m-00000", 0), new Item("m-00001", 0)), Item::id);
        ConsoleState after = ConsoleState.of(null, Item::id, null, Item::id, job,
                page(2, new Item("m-00001", 0), new Item("m-00002", 0)), Item::id);

        assertEquals("{\"tasks\":{\"upsert\":[{\"id\":\"m-00002\",\"value\":0}],\"remove\":[\"m-00000\"],"
                + "\"order\":[\"m-00001\",\"m-00002\"]},\"tasksTotal\":2}", after.changesSince(before));
    }
}
