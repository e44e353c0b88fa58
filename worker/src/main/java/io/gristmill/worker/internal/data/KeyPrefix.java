package io.gristmill.worker.internal.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The first 8 bytes of a key as a big-endian long, zero-padded when the key is shorter. Compared as unsigned
 * longs, prefixes order keys like the unsigned byte comparator does, up to ties: equal prefixes of keys of at
 * most 8 bytes mean the shorter key is a prefix of the longer one (or they are equal); longer keys need their
 * bytes compared.
 */
final class KeyPrefix {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private KeyPrefix() {
    }

    static long of(byte[] key, int off, int len) {
        if (len >= 8) {
            return (long) LONG_BE.get(key, off);
        }
        if (len == 0) {
            return 0;
        }
        if (key.length - off >= 8) {
            return (long) LONG_BE.get(key, off) & (-1L << (64 - 8 * len));
        }
        long p = 0;
        for (int i = 0; i < len; i++) {
            p |= (key[off + i] & 0xffL) << (56 - 8 * i);
        }
        return p;
    }
}
