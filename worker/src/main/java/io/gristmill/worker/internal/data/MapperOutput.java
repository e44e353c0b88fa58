package io.gristmill.worker.internal.data;

import io.gristmill.api.Emitter;

/**
 * Where a map attempt's mapper emits: sorted map output or, for a map-only job, the job's output format. Besides
 * taking records it counts them, for the attempt's activity, and remembers whether it threw, so that a failure of the
 * output (a serde, the partitioner, the combiner, a spill, the disk) is not blamed on the record being mapped.
 */
interface MapperOutput extends Emitter<Object, Object> {
    /**
     * Records emitted so far, never decreasing. Written by the task thread with plain stores; another thread may
     * read a stale value, which only delays the moment it sees the attempt move.
     */
    long recordsEmitted();

    /** Whether an {@code emit} threw: the map attempt then failed in its output, not on its input record. */
    boolean hasFailed();
}
