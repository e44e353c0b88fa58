package io.gristmill.api.testkit;

import io.gristmill.api.Emitter;
import io.gristmill.api.RawComparator;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serde;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Feeds sorted records to a reducer (or sorted combiner) one group at a time, deserializing keys and values into
 * reused objects and streaming each group's values through a single-use {@link Iterable}.
 */
final class Groups {
    private final Serde<Object> keySerde;
    private final Serde<Object> valueSerde;
    private final RawComparator grouping;
    private Object key;
    private Object value;

    Groups(Serde<?> keySerde, Serde<?> valueSerde, RawComparator grouping) {
        this.keySerde = Unchecked.cast(keySerde);
        this.valueSerde = Unchecked.cast(valueSerde);
        this.grouping = grouping;
    }

    /** Sorts {@code records} in place; {@link List#sort} is stable, so equal keys keep their emit order. */
    static void sort(List<Record> records, RawComparator comparator) {
        records.sort((a, b) -> comparator.compare(a.key(), 0, a.key().length, b.key(), 0, b.key().length));
    }

    /** Calls {@code reducer.reduce} once per group of consecutive records, in order. */
    void reduceAll(List<Record> sorted, Reducer<Object, Object, Object, Object> reducer, Emitter<Object, Object> out)
            throws Exception {
        for (int start = 0, end; start < sorted.size(); start = end) {
            end = groupEnd(sorted, start);
            readKey(sorted.get(start));
            reducer.reduce(key, new Values(sorted, start, end), out);
        }
    }

    private int groupEnd(List<Record> sorted, int start) {
        byte[] first = sorted.get(start).key();
        int end = start + 1;
        while (end < sorted.size()
                && grouping.compare(first, 0, first.length, sorted.get(end).key(), 0, sorted.get(end).key().length)
                == 0) {
            end++;
        }
        return end;
    }

    private void readKey(Record r) {
        key = keySerde.read(r.key(), 0, r.key().length, key);
    }

    /** One group's values; iterating updates a mutable key object to the key of the current value. */
    private final class Values implements Iterable<Object> {
        private final List<Record> sorted;
        private final int end;
        private int next;
        private boolean iterated;

        Values(List<Record> sorted, int start, int end) {
            this.sorted = sorted;
            this.next = start;
            this.end = end;
        }

        @Override
        public Iterator<Object> iterator() {
            if (iterated) {
                throw new IllegalStateException("the values of a reduce group can be iterated only once");
            }
            iterated = true;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return next < end;
                }

                @Override
                public Object next() {
                    if (next >= end) {
                        throw new NoSuchElementException();
                    }
                    Record r = sorted.get(next++);
                    readKey(r);
                    value = valueSerde.read(r.value(), 0, r.value().length, value);
                    return value;
                }
            };
        }
    }
}
