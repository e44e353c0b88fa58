package io.gristmill.api;

/**
 * Turns input records into intermediate key/value pairs.
 *
 * <p>The framework creates one instance per map attempt (through the supplier given to {@link Job.Builder#mapper})
 * and calls, on that attempt's task thread: {@link #setup} once, {@link #map} once per record of the split in
 * input order, then {@link #cleanup} once. Nothing else calls it concurrently.
 *
 * <p>The key and value passed to {@code map} may be reused for the next record (see the package documentation on
 * object ownership). Any exception thrown from these methods fails the attempt; the task is retried up to
 * {@code maxAttempts} times and then fails the job with this exception.
 *
 * @param <KI> input key (for text input: the line's byte offset as a {@link MutableLong})
 * @param <VI> input value (for text input: the line as a reusable {@link Text})
 * @param <KO> intermediate key
 * @param <VO> intermediate value
 */
public interface Mapper<KI, VI, KO, VO> {

    /** Called once before the first record; read parameters and counters from {@code context} here. */
    default void setup(TaskContext context) throws Exception {
    }

    /** Called once per input record. */
    void map(KI key, VI value, Emitter<KO, VO> out) throws Exception;

    /** Called once after the last record, also for an empty split; may still emit. */
    default void cleanup(Emitter<KO, VO> out) throws Exception {
    }
}
