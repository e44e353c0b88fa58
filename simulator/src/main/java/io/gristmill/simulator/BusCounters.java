package io.gristmill.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the event-bus traffic between the simulated workers and the coordinator, by kind: the coordinator's own
 * metrics count only its RUN messages, and the simulated workers see every message it sends to a worker and every
 * one it receives from one (requests, and the replies both ways). Bytes are the encoded message bodies, without
 * the event bus's framing (address, headers: some 100 bytes a message). Thread-safe; shared by every host of a JVM.
 */
final class BusCounters {
    /** Messages and body bytes of one kind, e.g. {@code worker->coordinator MAP_OUTPUTS}, and the largest body. */
    record Tally(long messages, long bytes, long largest) {
        Tally(long messages, long bytes) {
            this(messages, bytes, 0);
        }
    }

    private record Counts(LongAdder messages, LongAdder bytes, java.util.concurrent.atomic.LongAccumulator largest) {
        Counts() {
            this(new LongAdder(), new LongAdder(), new java.util.concurrent.atomic.LongAccumulator(Math::max, 0));
        }
    }

    private final Map<String, Counts> byKind = new ConcurrentHashMap<>();

    void count(String kind, long bytes) {
        Counts counts = byKind.computeIfAbsent(kind, k -> new Counts());
        counts.messages.increment();
        counts.bytes.add(bytes);
        counts.largest.accumulate(bytes);
    }

    /** To the coordinator: a request from a simulated worker, or its reply to a coordinator's message. */
    void toCoordinator(String kind, long bytes) {
        count("worker->coordinator " + kind, bytes);
    }

    /** From the coordinator: its message to a worker, or its reply to a worker's request. */
    void fromCoordinator(String kind, long bytes) {
        count("coordinator->worker " + kind, bytes);
    }

    Map<String, Tally> snapshot() {
        Map<String, Tally> copy = new TreeMap<>();
        byKind.forEach((kind, c) -> copy.put(kind, new Tally(c.messages.sum(), c.bytes.sum(), c.largest.get())));
        return copy;
    }

    void reset() {
        byKind.clear();
    }

    /** Totals of the kinds whose name starts with {@code direction} ({@code "worker->"} or {@code "coordinator->"}). */
    static Tally total(Map<String, Tally> snapshot, String direction) {
        long messages = 0;
        long bytes = 0;
        long largest = 0;
        for (Map.Entry<String, Tally> e : snapshot.entrySet()) {
            if (e.getKey().startsWith(direction)) {
                messages += e.getValue().messages();
                bytes += e.getValue().bytes();
                largest = Math.max(largest, e.getValue().largest());
            }
        }
        return new Tally(messages, bytes, largest);
    }
}
