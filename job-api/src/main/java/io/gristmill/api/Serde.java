package io.gristmill.api;

/**
 * Binary encoding of keys and values.
 *
 * <p>The framework frames lengths, so {@link #write} need not write one and {@link #read} gets exactly the bytes
 * {@code write} produced. Keys are sorted and grouped by comparing these bytes (unsigned, unless the job sets a
 * sort comparator), so a key serde whose byte order matches the natural order of its values gives natural sort
 * order for free; every serde in {@link Serdes} does.
 *
 * <p>Called on task threads, possibly several at once: implementations must be stateless or thread-confined. An
 * exception fails the attempt.
 *
 * @param <T> the type encoded
 */
public interface Serde<T> {

    /** Appends the encoding of {@code value} to {@code out}. */
    void write(T value, BytesOut out);

    /**
     * Decodes {@code length} bytes at {@code offset}. May return {@code reuse} (when not null and mutable) filled
     * with the new value instead of allocating; immutable types ignore it.
     */
    T read(byte[] bytes, int offset, int length, T reuse);
}
