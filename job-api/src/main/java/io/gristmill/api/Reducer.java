package io.gristmill.api;

/**
 * Combines all values of one key group into output pairs.
 *
 * <p>The framework creates one instance per reduce attempt (or per combine run when used as a combiner) and calls,
 * on one task thread: {@link #setup} once, {@link #reduce} once per key group in sort order, then {@link #cleanup}
 * once. Groups are decided by the job's grouping comparator (default: equal key bytes).
 *
 * <p>{@code values} streams from disk: it can be iterated once, and the values are never all in memory. The key
 * and each value object may be reused by the framework. When a group holds several distinct keys (secondary
 * sort), a <em>mutable</em> key object (one whose serde reads into {@code reuse}, like {@link Text}) is updated as
 * iteration crosses them, so it holds the key of the current value; an immutable key (String, {@link Tuple})
 * stays the group's first key. Any exception thrown
 * fails the attempt (see {@link Mapper} for retries).
 *
 * <p>Used as a <em>combiner</em> (Hadoop style, see {@link Job.Builder#combiner}), a reducer may run zero or more
 * times on any subset of a key's values, on the map side and during reduce-side merges. It must then be
 * associative and commutative and emit the same key with the intermediate value type.
 *
 * @param <K>  intermediate key
 * @param <VI> intermediate value
 * @param <KO> output key
 * @param <VO> output value
 */
public interface Reducer<K, VI, KO, VO> {

    /** Called once before the first group. */
    default void setup(TaskContext context) throws Exception {
    }

    /** Called once per key group, in sort order. */
    void reduce(K key, Iterable<VI> values, Emitter<KO, VO> out) throws Exception;

    /** Called once after the last group; may still emit. */
    default void cleanup(Emitter<KO, VO> out) throws Exception {
    }
}
