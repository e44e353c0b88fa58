package io.gristmill.simulator;

import io.gristmill.cluster.MapOutputChangesCodec;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.vertx.core.buffer.Buffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slices of map output logs decoded once per JVM for all of its simulated workers. Every worker that reads a job's
 * log from the same position gets the same bytes from the coordinator, and decoding them is the workers' own CPU,
 * which 2,000 real machines would not share with the coordinator: on this machine it was most of the simulator's
 * work in the reduce phase, starving the coordinator under test. Each worker still asks for and receives every byte
 * over the event bus; a slice is reused only when its bytes are equal to those decoded before. Thread-safe: workers
 * run on several event loops.
 */
final class DecodedSlices {
    private record Decoded(Buffer bytes, MapOutputChanges changes) {
    }

    private final Map<String, Decoded> recent;

    /** @param capacity how many slices to keep (the least recently used goes first) */
    DecodedSlices(int capacity) {
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Decoded> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The changes in {@code body}, the answer to a read of {@code jobId}'s log from {@code from}. */
    MapOutputChanges decode(String jobId, int from, Object body) {
        if (!(body instanceof Buffer bytes)) {
            return MapOutputChangesCodec.decode(body); // not a slice: the codec says what is wrong with it
        }
        String key = jobId + "@" + from;
        synchronized (recent) {
            Decoded known = recent.get(key);
            if (known != null && known.bytes().equals(bytes)) {
                return known.changes();
            }
        }
        MapOutputChanges changes = MapOutputChangesCodec.decode(bytes);
        synchronized (recent) {
            recent.put(key, new Decoded(bytes, changes));
        }
        return changes;
    }
}
