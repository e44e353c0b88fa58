package io.gristmill.api;

/**
 * An associative, commutative merge of two intermediate values of the same key (Spark's {@code reduceByKey}
 * style combiner).
 *
 * <p>With a merge combiner the map side aggregates emitted pairs in a hash table keyed by the serialized key
 * before sorting, so only one pair per distinct key and spill reaches the sort buffer. The framework also applies
 * it while merging sorted runs. It is called on the task thread that emitted, zero or more times, on any subset of
 * a key's values, in any order.
 *
 * <p>{@code accumulator} is owned by the framework and may be mutated and returned (the fast path for mutable
 * holders such as {@link MutableLong}); {@code value} is only valid during the call and must not be kept. An
 * exception fails the attempt.
 *
 * @param <V> intermediate value type
 */
@FunctionalInterface
public interface MergeCombiner<V> {
    V merge(V accumulator, V value) throws Exception;

    /**
     * Adds {@link MutableLong} values: {@code accumulator.add(value.get())}, in place. Counting jobs should prefer it
     * to an equivalent lambda: with {@link Serdes#mutableLongs()} as the map output value serde, the map side
     * recognizes it and keeps each key's sum as a primitive {@code long} in its hash table, with no value object
     * per key (with another serde it behaves like any other merge). Overflow wraps, like {@code long} addition.
     */
    static MergeCombiner<MutableLong> sumOfLongs() {
        return LongSum.INSTANCE;
    }
}

/** The one instance behind {@link MergeCombiner#sumOfLongs()}, which the framework recognizes by identity. */
enum LongSum implements MergeCombiner<MutableLong> {
    INSTANCE;

    @Override
    public MutableLong merge(MutableLong accumulator, MutableLong value) {
        return accumulator.add(value.get());
    }
}
