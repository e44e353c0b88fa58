package io.gristmill.worker.internal.data;

import io.gristmill.api.InputSplit;
import io.gristmill.api.Partitioner;
import io.gristmill.api.RawComparator;
import io.gristmill.api.Serde;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class TestSupport {
    private TestSupport() {
    }

    static SimpleTaskContext mapContext(int index, int reducers, InputSplit split) {
        return new SimpleTaskContext("job-1", "test", String.format("m-%05d", index),
                String.format("m-%05d-1", index), 1, true, index, reducers, Map.of(), split);
    }

    static SimpleTaskContext reduceContext(int index, int reducers) {
        return new SimpleTaskContext("job-1", "test", String.format("r-%05d", index),
                String.format("r-%05d-1", index), 1, false, index, reducers, Map.of(), null);
    }

    record Rec(byte[] key, byte[] value) {
    }

    /** Reads every record of a segment, checking that keys are sorted by {@code cmp}. */
    static List<Rec> readSorted(Segment segment, RawComparator cmp) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (SegmentReader r = new SegmentReader(segment, 4096)) {
            byte[] prev = null;
            while (r.next()) {
                byte[] k = java.util.Arrays.copyOfRange(r.keyBuffer(), r.keyOffset(), r.keyOffset() + r.keyLength());
                byte[] v = java.util.Arrays.copyOfRange(r.valueBuffer(), r.valueOffset(),
                        r.valueOffset() + r.valueLength());
                if (prev != null && cmp.compare(prev, 0, prev.length, k, 0, k.length) > 0) {
                    throw new AssertionError("records out of order in " + segment);
                }
                prev = k;
                out.add(new Rec(k, v));
            }
        }
        return out;
    }

    static <T> byte[] ser(Serde<T> serde, T value) {
        io.gristmill.api.BytesOut out = new io.gristmill.api.BytesOut();
        serde.write(value, out);
        return out.toByteArray();
    }

    /** Writes records (already sorted) as a one-partition run. */
    static Segment writeRun(Path file, List<Rec> sorted) throws IOException {
        try (RunWriter w = new RunWriter(file, 1, 8192)) {
            for (Rec r : sorted) {
                w.write(r.key(), 0, r.key().length, r.value(), 0, r.value().length);
            }
            PartitionInfo info = w.finish()[0];
            return new Segment(file, info.offset(), info.length());
        }
    }

    static int partitionOf(byte[] key, int n) {
        return Partitioner.hashOfKeyBytes().partition(null, key, 0, key.length, n);
    }
}
