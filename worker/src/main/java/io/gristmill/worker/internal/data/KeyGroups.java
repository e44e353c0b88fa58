package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;
import io.gristmill.api.Serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

/**
 * Cuts a sorted {@link RecordStream} into groups of consecutive keys that the grouping comparator calls equal,
 * and streams each group's values without buffering them.
 *
 * <p>Object reuse: the key and value objects are decoded with the serdes' {@code reuse} argument, so mutable
 * types (e.g. {@code Text}, {@code MutableLong}) are one object each for the whole task. When a group spans
 * several distinct keys (secondary sort), the key is decoded again, into the same object, whenever iteration
 * reaches a record whose key bytes differ from the previous one; a reducer holding the key of a mutable type
 * therefore always sees the key of the current value. An immutable key type (e.g. {@code String}) cannot be
 * updated in place: the reducer's {@code key} argument then stays the group's first key, and {@link #key()}
 * returns the current one.
 *
 * <p>{@link #values()} returns one reusable Iterable, valid during the current group only; its
 * {@code iterator()} may be called once per group (a second call throws {@link IllegalStateException}). Values not
 * consumed are skipped by {@link #nextGroup()}.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class KeyGroups {
    private static final int CANCEL_CHECK_MASK = 4095;

    private final RecordStream in;
    private final RawComparator grouping;
    private final boolean bytesEqualGrouping;
    private final Serde keySerde;
    private final Serde valueSerde;
    private final BooleanSupplier cancelled;
    private final Values values = new Values();

    private byte[] groupKey = new byte[64];
    private int groupKeyLen;
    private byte[] lastKey = new byte[64];
    private int lastKeyLen;
    private Object key;
    private Object value;
    private boolean started;
    private boolean atRecord;   // the stream is on a record not yet delivered
    private boolean groupOpen;
    private boolean groupEnded;
    private boolean iteratorTaken;
    private long records;
    private long groups;

    /**
     * @param grouping           decides which consecutive keys form a group
     * @param bytesEqualGrouping true when {@code grouping} is equivalent to "equal key bytes" (a faster check)
     */
    KeyGroups(RecordStream in, RawComparator grouping, boolean bytesEqualGrouping, Serde<?> keySerde,
            Serde<?> valueSerde, BooleanSupplier cancelled) {
        this.in = in;
        this.grouping = grouping;
        this.bytesEqualGrouping = bytesEqualGrouping;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.cancelled = cancelled;
    }

    /** Skips what is left of the current group and moves to the next; false at the end of the stream. */
    boolean nextGroup() throws IOException {
        if (groupOpen) {
            while (hasNextValue()) {
                atRecord = false;
            }
            groupOpen = false;
        }
        if (!started) {
            started = true;
            atRecord = advance();
        }
        if (!atRecord) {
            return false;
        }
        int len = in.keyLength();
        if (groupKey.length < len) {
            groupKey = new byte[Math.max(len, groupKey.length * 2)];
        }
        System.arraycopy(in.keyBuffer(), in.keyOffset(), groupKey, 0, len);
        groupKeyLen = len;
        if (!bytesEqualGrouping) {
            if (lastKey.length < len) {
                lastKey = new byte[Math.max(len, lastKey.length * 2)];
            }
            System.arraycopy(groupKey, 0, lastKey, 0, len);
            lastKeyLen = len;
        }
        key = keySerde.read(groupKey, 0, len, key);
        groupOpen = true;
        groupEnded = false;
        iteratorTaken = false;
        groups++;
        return true;
    }

    /** The current key (decoded again as the group crosses distinct keys). */
    Object key() {
        return key;
    }

    /** The serialized first key of the current group; valid until the next {@link #nextGroup()}. */
    byte[] groupKeyBytes() {
        return groupKey;
    }

    int groupKeyLength() {
        return groupKeyLen;
    }

    Iterable<Object> values() {
        return values;
    }

    /** Records read from the stream so far. */
    long records() {
        return records;
    }

    long groups() {
        return groups;
    }

    private boolean advance() throws IOException {
        boolean has = in.next();
        if (has && (++records & CANCEL_CHECK_MASK) == 0) {
            Cancellation.check(cancelled);
        }
        return has;
    }

    private boolean hasNextValue() throws IOException {
        if (groupEnded) {
            return false;
        }
        if (atRecord) {
            return true;
        }
        atRecord = advance();
        if (!atRecord || !inGroup()) {
            groupEnded = true;
            return false;
        }
        return true;
    }

    private boolean inGroup() {
        byte[] b = in.keyBuffer();
        int off = in.keyOffset();
        int len = in.keyLength();
        if (bytesEqualGrouping) {
            return len == groupKeyLen && Arrays.equals(b, off, off + len, groupKey, 0, len);
        }
        return grouping.compare(groupKey, 0, groupKeyLen, b, off, len) == 0;
    }

    private Object nextValue() throws IOException {
        if (!hasNextValue()) {
            throw new NoSuchElementException("no more values in this group");
        }
        if (!bytesEqualGrouping) {
            byte[] b = in.keyBuffer();
            int off = in.keyOffset();
            int len = in.keyLength();
            if (len != lastKeyLen || !Arrays.equals(b, off, off + len, lastKey, 0, len)) {
                if (lastKey.length < len) {
                    lastKey = new byte[Math.max(len, lastKey.length * 2)];
                }
                System.arraycopy(b, off, lastKey, 0, len);
                lastKeyLen = len;
                key = keySerde.read(lastKey, 0, len, key);
            }
        }
        value = valueSerde.read(in.valueBuffer(), in.valueOffset(), in.valueLength(), value);
        atRecord = false;
        return value;
    }

    private final class Values implements Iterable<Object>, Iterator<Object> {
        @Override
        public Iterator<Object> iterator() {
            if (iteratorTaken) {
                throw new IllegalStateException("the values of a group can be iterated only once");
            }
            if (!groupOpen) {
                throw new IllegalStateException("the values are only valid during their reduce call");
            }
            iteratorTaken = true;
            return this;
        }

        @Override
        public boolean hasNext() {
            try {
                return groupOpen && hasNextValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Object next() {
            if (!groupOpen) {
                throw new NoSuchElementException("the group is over");
            }
            try {
                return nextValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
