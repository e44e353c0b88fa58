package io.gristmill.api.testkit;

import io.gristmill.api.BytesOut;
import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serde;
import io.gristmill.api.TaskContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intermediate output of one map task: serializes each emitted pair at once and partitions it; with a merge
 * combiner, the pairs are first aggregated in a hash table keyed by key bytes when the task ends. Then each
 * partition is sorted and the sorted combiner, if any, runs over it.
 */
final class MapOutput implements Emitter<Object, Object> {
    private final Job job;
    private final Serde<Object> keySerde;
    private final Serde<Object> valueSerde;
    private final Partitioner<Object> partitioner;
    private final MergeCombiner<Object> merge;
    private final List<List<Record>> partitions = new ArrayList<>();
    private final List<Record> toMerge = new ArrayList<>();
    private final BytesOut buffer = new BytesOut();

    MapOutput(Job job, int numPartitions) {
        this.job = job;
        this.keySerde = Unchecked.cast(job.keySerde());
        this.valueSerde = Unchecked.cast(job.valueSerde());
        this.partitioner = Unchecked.cast(job.partitioner());
        this.merge = Unchecked.cast(job.mergeCombiner());
        for (int i = 0; i < numPartitions; i++) {
            partitions.add(new ArrayList<>());
        }
    }

    @Override
    public void emit(Object key, Object value) {
        byte[] keyBytes = serialize(keySerde, key);
        byte[] valueBytes = serialize(valueSerde, value);
        if (merge == null) {
            add(key, keyBytes, valueBytes);
        } else {
            toMerge.add(new Record(keyBytes, valueBytes));
        }
    }

    /** Ends the task's output: flushes the merge table, sorts and runs the sorted combiner; one list per reducer. */
    List<List<Record>> finish(TaskContext context) throws Exception {
        if (merge != null) {
            mergeAndPartition();
        }
        for (List<Record> partition : partitions) {
            Groups.sort(partition, job.sortComparator());
            if (job.combiner() != null) {
                combine(partition, context);
            }
        }
        return partitions;
    }

    private void mergeAndPartition() throws Exception {
        Map<ByteBuffer, Object> accumulators = new LinkedHashMap<>();
        Object reuse = null;
        for (Record r : toMerge) {
            ByteBuffer tableKey = ByteBuffer.wrap(r.key());
            Object acc = accumulators.get(tableKey);
            if (acc == null) {
                accumulators.put(tableKey, valueSerde.read(r.value(), 0, r.value().length, null));
            } else {
                reuse = valueSerde.read(r.value(), 0, r.value().length, reuse);
                accumulators.put(tableKey, merge.merge(acc, reuse));
            }
        }
        toMerge.clear();
        for (Map.Entry<ByteBuffer, Object> e : accumulators.entrySet()) {
            byte[] keyBytes = e.getKey().array();
            add(keySerde.read(keyBytes, 0, keyBytes.length, null), keyBytes, serialize(valueSerde, e.getValue()));
        }
    }

    /** Runs the sorted combiner on groups of equal keys (by the sort comparator), replacing the partition. */
    private void combine(List<Record> partition, TaskContext context) throws Exception {
        Reducer<Object, Object, Object, Object> combiner = Unchecked.cast(job.combiner().get());
        List<Record> combined = new ArrayList<>();
        Emitter<Object, Object> out = (k, v) -> combined.add(
                new Record(serialize(keySerde, k), serialize(valueSerde, v)));
        combiner.setup(context);
        new Groups(keySerde, valueSerde, job.sortComparator()).reduceAll(partition, combiner, out);
        combiner.cleanup(out);
        Groups.sort(combined, job.sortComparator());
        partition.clear();
        partition.addAll(combined);
    }

    private void add(Object key, byte[] keyBytes, byte[] valueBytes) {
        int p = partitioner.partition(key, keyBytes, 0, keyBytes.length, partitions.size());
        if (p < 0 || p >= partitions.size()) {
            throw new IllegalStateException("partitioner returned " + p + " for " + partitions.size()
                    + " partitions, key " + key);
        }
        partitions.get(p).add(new Record(keyBytes, valueBytes));
    }

    private byte[] serialize(Serde<Object> serde, Object o) {
        buffer.reset();
        serde.write(o, buffer);
        return buffer.toByteArray();
    }
}
