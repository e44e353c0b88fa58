package io.gristmill.worker.internal.data;

/** Names of the built-in counters the data path maintains; all are in group {@link #GROUP}. */
public final class Counters {
    public static final String GROUP = "gristmill";

    public static final String MAP_INPUT_RECORDS = "MAP_INPUT_RECORDS";
    public static final String MAP_INPUT_BYTES = "MAP_INPUT_BYTES";
    /** Input records read but not mapped, because earlier attempts failed on them (they count as input records). */
    public static final String SKIPPED_RECORDS = "SKIPPED_RECORDS";
    /** Pairs emitted by the mapper (before any combining). */
    public static final String MAP_OUTPUT_RECORDS = "MAP_OUTPUT_RECORDS";
    /** Serialized key + value bytes emitted by the mapper (without framing). */
    public static final String MAP_OUTPUT_BYTES = "MAP_OUTPUT_BYTES";
    public static final String COMBINE_INPUT_RECORDS = "COMBINE_INPUT_RECORDS";
    public static final String COMBINE_OUTPUT_RECORDS = "COMBINE_OUTPUT_RECORDS";
    /** Sorted runs written to disk before the final merge (0 when everything fit in memory). */
    public static final String SPILLS = "SPILLS";
    /** Records written into spill runs. */
    public static final String SPILLED_RECORDS = "SPILLED_RECORDS";
    public static final String REDUCE_INPUT_GROUPS = "REDUCE_INPUT_GROUPS";
    public static final String REDUCE_INPUT_RECORDS = "REDUCE_INPUT_RECORDS";
    public static final String REDUCE_OUTPUT_RECORDS = "REDUCE_OUTPUT_RECORDS";
    /** Bytes of the output file written through the job's output format (reduce or map-only output). */
    public static final String OUTPUT_BYTES = "OUTPUT_BYTES";
    /** Sum of the lengths of the map output segments a reducer merged. */
    public static final String SHUFFLE_BYTES = "SHUFFLE_BYTES";

    private Counters() {
    }
}
