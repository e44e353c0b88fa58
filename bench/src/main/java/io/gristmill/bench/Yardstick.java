package io.gristmill.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The yardstick: a hand-written canonical word count, as fast as plain Java gets, that Gristmill is measured
 * against.
 *
 * <p>The file is cut into one byte range per thread at line boundaries (default 2 threads). Each thread reads its
 * range with positional reads into a large heap buffer, scans the bytes in place (ASCII letters through a lookup
 * table, non-ASCII sequences decoded and tested with {@link Character#isLetter(int)}, invalid UTF-8 one separator
 * byte at a time, exactly like Gristmill's word count), hashes each word while scanning it, and counts it in its
 * own open-addressing hash table keyed by the word's bytes (no object per word). The tables are merged, sorted by
 * word bytes (unsigned) and written as {@code word<TAB>count} lines.
 *
 * <p>Usage: {@code Yardstick INPUT_FILE OUTPUT_FILE [THREADS]}.
 */
public final class Yardstick {
    private static final int BUFFER = 4 << 20;
    /** 1 = ASCII letter, 0 = ASCII non-letter, 2 = byte of a multi-byte sequence (or invalid). */
    private static final byte[] CLASS = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            CLASS[b] = (byte) (b >= 0x80 ? 2 : ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ? 1 : 0);
        }
    }

    private Yardstick() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: Yardstick INPUT_FILE OUTPUT_FILE [THREADS]");
            System.exit(2);
        }
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        int threads = args.length == 3 ? Integer.parseInt(args[2]) : 2;
        WordTable table = count(input, threads);
        write(table, output);
    }

    /** Counts the words of a file with {@code threads} threads. */
    static WordTable count(Path input, int threads) throws Exception {
        try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
            long size = channel.size();
            long[] bounds = new long[threads + 1];
            bounds[threads] = size;
            for (int t = 1; t < threads; t++) {
                bounds[t] = Math.max(bounds[t - 1], lineStartAtOrAfter(channel, size * t / threads, size));
            }
            WordTable[] tables = new WordTable[threads];
            Throwable[] errors = new Throwable[threads];
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int index = t;
                workers[t] = new Thread(() -> {
                    try {
                        WordTable table = new WordTable();
                        scanRange(channel, bounds[index], bounds[index + 1], table);
                        tables[index] = table;
                    } catch (Throwable e) {
                        errors[index] = e;
                    }
                }, "count-" + t);
                workers[t].start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            for (Throwable error : errors) {
                if (error != null) {
                    throw new IOException("counting failed", error);
                }
            }
            WordTable merged = tables[0];
            for (int t = 1; t < threads; t++) {
                merged.addAll(tables[t]);
            }
            return merged;
        }
    }

    /** The first line start at or after {@code pos} (the byte after a '\n' at or after {@code pos - 1}). */
    private static long lineStartAtOrAfter(FileChannel channel, long pos, long size) throws IOException {
        if (pos <= 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        long at = pos - 1;
        while (at < size) {
            buffer.clear();
            int n = channel.read(buffer, at);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            at += n;
        }
        return size;
    }

    private static void scanRange(FileChannel channel, long start, long end, WordTable table) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long pos = start;
        int have = 0;
        while (pos < end || have > 0) {
            if (have == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int toRead = (int) Math.min(buffer.length - have, end - pos);
            ByteBuffer target = ByteBuffer.wrap(buffer, have, toRead);
            while (target.hasRemaining()) {
                int n = channel.read(target, pos + (target.position() - have));
                if (n < 0) {
                    throw new IOException("file shrank while reading");
                }
            }
            pos += toRead;
            int limit = have + toRead;
            int cut;
            if (pos >= end) {
                cut = limit;
            } else {
                cut = limit;
                while (cut > 0 && buffer[cut - 1] != '\n') {
                    cut--;
                }
                if (cut == 0) {
                    have = limit;
                    continue;
                }
            }
            scan(buffer, cut, table);
            have = limit - cut;
            System.arraycopy(buffer, cut, buffer, 0, have);
            if (pos >= end) {
                break;
            }
        }
    }

    /** Counts the words of {@code bytes[0, end)}; the range ends at a line end or the end of the input. */
    static void scan(byte[] bytes, int end, WordTable table) {
        byte[] cls = CLASS;
        int i = 0;
        while (i < end) {
            int b = bytes[i] & 0xff;
            int c = cls[b];
            if (c == 0) {
                i++;
                continue;
            }
            int n = 1;
            if (c == 2) {
                n = letterLength(bytes, i, end, b);
                if (n <= 0) {
                    i += -n;
                    continue;
                }
            }
            int start = i;
            int h = 0;
            while (true) {
                if (n == 1) {
                    h = h * 31 + b;
                    i++;
                } else {
                    for (int k = 0; k < n; k++) {
                        h = h * 31 + (bytes[i + k] & 0xff);
                    }
                    i += n;
                }
                if (i >= end) {
                    break;
                }
                b = bytes[i] & 0xff;
                c = cls[b];
                if (c == 0) {
                    break;
                }
                if (c == 2) {
                    n = letterLength(bytes, i, end, b);
                    if (n <= 0) {
                        break;
                    }
                } else {
                    n = 1;
                }
            }
            table.increment(bytes, start, i - start, h);
        }
    }

    /**
     * For the multi-byte sequence led by {@code b} at {@code i}: its length if it is a letter, minus its length if
     * it is a valid non-letter, -1 if it is invalid UTF-8 (overlong, surrogate, out of range, truncated).
     */
    static int letterLength(byte[] bytes, int i, int end, int b) {
        int n;
        int min2 = 0x80;
        int max2 = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            min2 = b == 0xe0 ? 0xa0 : 0x80;
            max2 = b == 0xed ? 0x9f : 0xbf;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            min2 = b == 0xf0 ? 0x90 : 0x80;
            max2 = b == 0xf4 ? 0x8f : 0xbf;
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < min2 || second > max2) {
            return -1;
        }
        int cp = (b & (0xff >> (n + 1))) << 6 | (second & 0x3f);
        for (int k = 2; k < n; k++) {
            int cont = bytes[i + k] & 0xff;
            if ((cont & 0xc0) != 0x80) {
                return -1;
            }
            cp = cp << 6 | (cont & 0x3f);
        }
        return Character.isLetter(cp) ? n : -n;
    }

    /** Writes {@code word<TAB>count} lines in unsigned byte order of the words. */
    static void write(WordTable table, Path output) throws IOException {
        int[] order = table.sortedEntries();
        byte[] digits = new byte[20];
        byte[] arena = table.arena;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            for (int p : order) {
                int o = table.wordOffset(p);
                out.write(arena, o + 4, table.lengthAt(o));
                out.write('\t');
                long count = table.count(p);
                int d = digits.length;
                do {
                    digits[--d] = (byte) ('0' + count % 10);
                    count /= 10;
                } while (count != 0);
                out.write(digits, d, digits.length - d);
                out.write('\n');
            }
        }
    }

    /**
     * Open-addressing hash table from word bytes to a count, built so that a lookup touches two cache lines: the
     * slot (two longs: hash and word offset, then the count) and the word in the arena (a 4-byte length, then the
     * bytes).
     */
    static final class WordTable {
        private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class,
                ByteOrder.LITTLE_ENDIAN);
        /** Slot pairs: [hash << 32 | (arena offset + 1)] (0 = empty), [count]. */
        private long[] slots = new long[2 << 16];
        private int mask = (1 << 16) - 1;
        byte[] arena = new byte[1 << 20];
        private int arenaUsed;
        int size;

        private static int mix(int h) {
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ (h >>> 16);
        }

        void increment(byte[] bytes, int offset, int length, int rawHash) {
            add(bytes, offset, length, mix(rawHash), 1);
        }

        private void add(byte[] bytes, int offset, int length, int hash, long count) {
            long[] s = slots;
            int m = mask;
            long tag = (long) hash << 32;
            int slot = hash & m;
            while (true) {
                int p = slot << 1;
                long v = s[p];
                if (v == 0) {
                    insert(p, bytes, offset, length, tag, count);
                    return;
                }
                if ((v & 0xFFFFFFFF00000000L) == tag) {
                    int o = (int) v - 1;
                    if (lengthAt(o) == length && sameBytes(arena, o + 4, bytes, offset, length)) {
                        s[p + 1] += count;
                        return;
                    }
                }
                slot = (slot + 1) & m;
            }
        }

        /** Word comparison; words are short, so a plain loop beats the range-checked library call. */
        private static boolean sameBytes(byte[] a, int ao, byte[] b, int bo, int length) {
            for (int k = 0; k < length; k++) {
                if (a[ao + k] != b[bo + k]) {
                    return false;
                }
            }
            return true;
        }

        int lengthAt(int arenaOffset) {
            return (int) INTS.get(arena, arenaOffset);
        }

        int wordOffset(int pair) {
            return (int) slots[pair] - 1;
        }

        long count(int pair) {
            return slots[pair + 1];
        }

        private int hashAt(int pair) {
            return (int) (slots[pair] >>> 32);
        }

        private void insert(int pair, byte[] bytes, int offset, int length, long tag, long count) {
            if ((long) arenaUsed + 4 + length >= Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many distinct words for one table");
            }
            if (arenaUsed + 4 + length > arena.length) {
                arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(2L * arena.length, arenaUsed + 4L + length)));
            }
            INTS.set(arena, arenaUsed, length);
            System.arraycopy(bytes, offset, arena, arenaUsed + 4, length);
            slots[pair] = tag | (arenaUsed + 1L);
            slots[pair + 1] = count;
            arenaUsed += 4 + length;
            size++;
            if (size * 2 > (mask + 1)) {
                rehash();
            }
        }

        private void rehash() {
            long[] old = slots;
            long[] bigger = new long[old.length * 2];
            int m = (bigger.length >> 1) - 1;
            for (int p = 0; p < old.length; p += 2) {
                if (old[p] != 0) {
                    int slot = (int) (old[p] >>> 32) & m;
                    while (bigger[slot << 1] != 0) {
                        slot = (slot + 1) & m;
                    }
                    bigger[slot << 1] = old[p];
                    bigger[(slot << 1) + 1] = old[p + 1];
                }
            }
            slots = bigger;
            mask = m;
        }

        /** The slot pairs in use. */
        private int[] pairs() {
            int[] pairs = new int[size];
            int n = 0;
            for (int p = 0; p < slots.length; p += 2) {
                if (slots[p] != 0) {
                    pairs[n++] = p;
                }
            }
            return pairs;
        }

        void addAll(WordTable other) {
            for (int p : other.pairs()) {
                int o = other.wordOffset(p);
                add(other.arena, o + 4, other.lengthAt(o), other.hashAt(p), other.count(p));
            }
        }

        /** The slot pairs in use, in unsigned byte order of their words. */
        int[] sortedEntries() {
            int[] pairs = pairs();
            Integer[] boxed = new Integer[pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                boxed[i] = pairs[i];
            }
            Arrays.sort(boxed, (a, b) -> {
                int oa = wordOffset(a);
                int ob = wordOffset(b);
                return Arrays.compareUnsigned(arena, oa + 4, oa + 4 + lengthAt(oa), arena, ob + 4,
                        ob + 4 + lengthAt(ob));
            });
            int[] order = new int[pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                order[i] = boxed[i];
            }
            return order;
        }
    }
}
