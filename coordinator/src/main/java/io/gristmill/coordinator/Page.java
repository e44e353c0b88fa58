package io.gristmill.coordinator;

import java.util.List;

/**
 * One page of a long list the API serves (jobs, workers): the items asked for, and how many the whole (filtered)
 * list holds.
 */
public record Page<T>(List<T> items, int total) {
    public Page {
        items = List.copyOf(items);
    }
}
