package io.gristmill.api;

/**
 * Receives the pairs a mapper, combiner or reducer produces.
 *
 * <p>Called by user code on the task's thread. {@code emit} serializes key and value before it returns, so the
 * caller may change and reuse both objects right after. An {@link java.io.IOException} or runtime exception thrown
 * here (disk full, a value the serde rejects) propagates to the caller; letting it escape fails the attempt.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface Emitter<K, V> {
    void emit(K key, V value) throws java.io.IOException;
}
