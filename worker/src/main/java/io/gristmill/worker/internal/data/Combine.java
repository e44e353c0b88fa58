package io.gristmill.worker.internal.data;

import io.gristmill.api.BytesOut;
import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.RawComparator;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serde;
import io.gristmill.api.TaskContext;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * One combine run: copies sorted partitions to a {@link RunWriter}, combining the values of equal keys (keys the
 * sort comparator calls equal) with the job's combiner of either form. A reducer-form combiner gets one instance
 * per run ({@code setup} at the first group, {@code cleanup} in {@link #finish()}); it must emit only from
 * {@code reduce}, and only the key it was given, otherwise the run fails. Without a combiner, records are copied.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class Combine {
    private final Job job;
    private final TaskContext context;
    private final Serde keySerde;
    private final Serde valueSerde;
    private final RawComparator sortComparator;
    private final boolean bytesOrder;
    private final MergeCombiner merge;
    private final BooleanSupplier cancelled;
    private final Counter inputCounter;
    private final Counter outputCounter;
    private final BytesOut keyOut = new BytesOut();
    private final BytesOut valueOut = new BytesOut();
    private Reducer combiner;
    private byte[] groupKey = new byte[64];
    private int groupKeyLen;
    private Object accHolder;
    private Object valueHolder;
    private long inputRecords;
    private long outputRecords;

    Combine(Job job, TaskContext context, BooleanSupplier cancelled, Counter inputCounter, Counter outputCounter) {
        this.job = job;
        this.context = context;
        this.keySerde = job.keySerde();
        this.valueSerde = job.valueSerde();
        this.sortComparator = job.sortComparator();
        this.bytesOrder = sortComparator == RawComparator.BYTES;
        this.merge = job.mergeCombiner();
        this.cancelled = cancelled;
        this.inputCounter = inputCounter;
        this.outputCounter = outputCounter;
    }

    static boolean jobHasCombiner(Job job) {
        return job.combiner() != null || job.mergeCombiner() != null;
    }

    /** Writes the sorted stream {@code in} to {@code out} (already positioned at its partition). */
    void run(RecordStream in, RunWriter out) throws Exception {
        if (merge != null) {
            runMerge(in, out);
        } else if (job.combiner() != null) {
            runReducer(in, out);
        } else {
            copy(in, out, cancelled);
        }
    }

    static long copy(RecordStream in, RunWriter out, BooleanSupplier cancelled) throws IOException {
        long n = 0;
        while (in.next()) {
            if ((++n & 4095) == 0) {
                Cancellation.check(cancelled);
            }
            out.write(in.keyBuffer(), in.keyOffset(), in.keyLength(),
                    in.valueBuffer(), in.valueOffset(), in.valueLength());
        }
        return n;
    }

    private void runMerge(RecordStream in, RunWriter out) throws Exception {
        boolean has = in.next();
        long n = 0;
        while (has) {
            int len = in.keyLength();
            if (groupKey.length < len) {
                groupKey = new byte[Math.max(len, groupKey.length * 2)];
            }
            System.arraycopy(in.keyBuffer(), in.keyOffset(), groupKey, 0, len);
            groupKeyLen = len;
            Object acc = valueSerde.read(in.valueBuffer(), in.valueOffset(), in.valueLength(), accHolder);
            long groupSize = 1;
            while ((has = in.next()) && sameKey(in)) {
                Object v = valueSerde.read(in.valueBuffer(), in.valueOffset(), in.valueLength(), valueHolder);
                valueHolder = v;
                Object r = merge.merge(acc, v);
                if (r == v) {
                    valueHolder = null; // now owned by the accumulator
                }
                acc = r;
                groupSize++;
            }
            if (acc == valueHolder) {
                valueHolder = null;
            }
            accHolder = acc;
            valueOut.reset();
            valueSerde.write(acc, valueOut);
            out.write(groupKey, 0, groupKeyLen, valueOut.array(), 0, valueOut.size());
            inputRecords += groupSize;
            outputRecords++;
            n += groupSize;
            if ((n & ~4095L) != ((n - groupSize) & ~4095L)) {
                Cancellation.check(cancelled);
            }
        }
    }

    private boolean sameKey(RecordStream in) {
        byte[] b = in.keyBuffer();
        int off = in.keyOffset();
        int len = in.keyLength();
        if (bytesOrder) {
            return len == groupKeyLen && Arrays.equals(b, off, off + len, groupKey, 0, len);
        }
        return sortComparator.compare(groupKey, 0, groupKeyLen, b, off, len) == 0;
    }

    private void runReducer(RecordStream in, RunWriter out) throws Exception {
        if (combiner == null) {
            combiner = job.combiner().get();
            combiner.setup(context);
        }
        KeyGroups groups = new KeyGroups(in, sortComparator, bytesOrder, keySerde, valueSerde, cancelled);
        CombineEmitter emitter = new CombineEmitter(out, groups);
        while (groups.nextGroup()) {
            emitter.open = true;
            combiner.reduce(groups.key(), groups.values(), emitter);
            emitter.open = false;
        }
        inputRecords += groups.records();
    }

    /** Ends the run: calls the reducer-form combiner's cleanup and adds the counts to the counters. */
    void finish() throws Exception {
        if (combiner != null) {
            Reducer c = combiner;
            combiner = null;
            c.cleanup((Emitter) (k, v) -> {
                throw new IllegalStateException("a combiner may emit only from reduce(), not from cleanup()");
            });
        }
        inputCounter.increment(inputRecords);
        outputCounter.increment(outputRecords);
        inputRecords = 0;
        outputRecords = 0;
    }

    private final class CombineEmitter implements Emitter<Object, Object> {
        private final RunWriter out;
        private final KeyGroups groups;
        boolean open;

        CombineEmitter(RunWriter out, KeyGroups groups) {
            this.out = out;
            this.groups = groups;
        }

        @Override
        public void emit(Object k, Object v) throws IOException {
            if (!open) {
                throw new IllegalStateException("a combiner may emit only from reduce()");
            }
            keyOut.reset();
            keySerde.write(k, keyOut);
            if (sortComparator.compare(keyOut.array(), 0, keyOut.size(),
                    groups.groupKeyBytes(), 0, groups.groupKeyLength()) != 0) {
                throw new IllegalStateException("a combiner must emit the key of the group it was given");
            }
            valueOut.reset();
            valueSerde.write(v, valueOut);
            out.write(keyOut.array(), 0, keyOut.size(), valueOut.array(), 0, valueOut.size());
            outputRecords++;
        }
    }
}
