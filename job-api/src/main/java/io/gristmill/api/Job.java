package io.gristmill.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An immutable description of what a job computes, built by {@link JobDefinition#define} with {@link #builder()}.
 *
 * <p>A job without a reducer is map-only: mapper output goes straight to the output format as {@code part-m-*}
 * files. Mappers, reducers and combiners are given as suppliers because every attempt gets fresh instances.
 */
public final class Job {
    private final Supplier<? extends Mapper<?, ?, ?, ?>> mapper;
    private final Supplier<? extends Reducer<?, ?, ?, ?>> combiner;
    private final MergeCombiner<?> mergeCombiner;
    private final Supplier<? extends Reducer<?, ?, ?, ?>> reducer;
    private final Serde<?> keySerde;
    private final Serde<?> valueSerde;
    private final Partitioner<?> partitioner;
    private final RawComparator sortComparator;
    private final RawComparator groupingComparator;
    private final InputFormat<?, ?> inputFormat;
    private final OutputFormat<?, ?> outputFormat;

    private Job(Builder b) {
        this.mapper = Objects.requireNonNull(b.mapper, "mapper");
        this.combiner = b.combiner;
        this.mergeCombiner = b.mergeCombiner;
        this.reducer = b.reducer;
        this.keySerde = Objects.requireNonNull(b.keySerde, "mapOutput key serde");
        this.valueSerde = Objects.requireNonNull(b.valueSerde, "mapOutput value serde");
        this.partitioner = b.partitioner;
        this.sortComparator = b.sortComparator;
        this.groupingComparator = b.groupingComparator;
        this.inputFormat = b.inputFormat;
        this.outputFormat = b.outputFormat;
        if (combiner != null && mergeCombiner != null) {
            throw new IllegalArgumentException("a job has at most one combiner: set combiner or mergeCombiner, not both");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Supplier<? extends Mapper<?, ?, ?, ?>> mapper() {
        return mapper;
    }

    /** The sorted-data (Hadoop style) combiner, or null. */
    public Supplier<? extends Reducer<?, ?, ?, ?>> combiner() {
        return combiner;
    }

    /** The hash-aggregating (Spark style) combiner, or null. */
    public MergeCombiner<?> mergeCombiner() {
        return mergeCombiner;
    }

    /** The reducer, or null for a map-only job. */
    public Supplier<? extends Reducer<?, ?, ?, ?>> reducer() {
        return reducer;
    }

    public boolean isMapOnly() {
        return reducer == null;
    }

    public Serde<?> keySerde() {
        return keySerde;
    }

    public Serde<?> valueSerde() {
        return valueSerde;
    }

    public Partitioner<?> partitioner() {
        return partitioner;
    }

    public RawComparator sortComparator() {
        return sortComparator;
    }

    /** Decides which consecutive sorted keys form one reduce group. */
    public RawComparator groupingComparator() {
        return groupingComparator;
    }

    public InputFormat<?, ?> inputFormat() {
        return inputFormat;
    }

    public OutputFormat<?, ?> outputFormat() {
        return outputFormat;
    }

    /** Builds a {@link Job}. Only {@link #mapper} and {@link #mapOutput} are required. */
    public static final class Builder {
        private Supplier<? extends Mapper<?, ?, ?, ?>> mapper;
        private Supplier<? extends Reducer<?, ?, ?, ?>> combiner;
        private MergeCombiner<?> mergeCombiner;
        private Supplier<? extends Reducer<?, ?, ?, ?>> reducer;
        private Serde<?> keySerde;
        private Serde<?> valueSerde;
        private Partitioner<?> partitioner = Partitioner.hashOfKeyBytes();
        private RawComparator sortComparator = RawComparator.BYTES;
        private RawComparator groupingComparator = RawComparator.BYTES;
        private InputFormat<?, ?> inputFormat = new TextInputFormat();
        private OutputFormat<?, ?> outputFormat = new TextOutputFormat<>();

        private Builder() {
        }

        public Builder mapper(Supplier<? extends Mapper<?, ?, ?, ?>> mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** A reducer run on sorted map output before it is written (may run zero or more times). */
        public Builder combiner(Supplier<? extends Reducer<?, ?, ?, ?>> combiner) {
            this.combiner = Objects.requireNonNull(combiner, "combiner");
            return this;
        }

        /** An associative merge that lets the map side aggregate in a hash table before sorting. */
        public <V> Builder mergeCombiner(MergeCombiner<V> merge) {
            this.mergeCombiner = Objects.requireNonNull(merge, "merge");
            return this;
        }

        public Builder reducer(Supplier<? extends Reducer<?, ?, ?, ?>> reducer) {
            this.reducer = Objects.requireNonNull(reducer, "reducer");
            return this;
        }

        /** Serdes of the intermediate key and value (the mapper's output types). */
        public Builder mapOutput(Serde<?> keySerde, Serde<?> valueSerde) {
            this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
            this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
            return this;
        }

        public Builder partitioner(Partitioner<?> partitioner) {
            this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
            return this;
        }

        public Builder sortComparator(RawComparator comparator) {
            this.sortComparator = Objects.requireNonNull(comparator, "comparator");
            return this;
        }

        public Builder groupingComparator(RawComparator comparator) {
            this.groupingComparator = Objects.requireNonNull(comparator, "comparator");
            return this;
        }

        public Builder inputFormat(InputFormat<?, ?> format) {
            this.inputFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        public Builder outputFormat(OutputFormat<?, ?> format) {
            this.outputFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        public Job build() {
            return new Job(this);
        }
    }
}
