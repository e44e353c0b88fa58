package io.gristmill.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The hand-written sort that Gristmill's sort is measured against: sorts fixed-length 100-byte records (as made
 * by {@link Generate}) by their bytes, unsigned, whole record, duplicates kept, and writes them to one file.
 *
 * <p>All records are read into memory (segments of 2^20 records). Each record becomes one {@code long}: the top
 * bits hold the first bytes of the record (unsigned, so a signed sort orders them), the low bits its number. Two
 * threads build these, {@link Arrays#parallelSort(long[])} sorts them, and the few runs of records whose prefixes
 * tie are finished by comparing whole records. The records are then copied out in order through a large buffer.
 *
 * <p>Usage: {@code HandSort INPUT_FILE OUTPUT_FILE}.
 */
public final class HandSort {
    static final int RECORD = 100;
    private static final int SEGMENT_SHIFT = 20;
    private static final int SEGMENT_RECORDS = 1 << SEGMENT_SHIFT;

    private HandSort() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HandSort INPUT_FILE OUTPUT_FILE");
            System.exit(2);
        }
        sort(Path.of(args[0]), Path.of(args[1]));
    }

    static void sort(Path input, Path output) throws Exception {
        byte[][] segments;
        long records;
        try (FileChannel in = FileChannel.open(input, StandardOpenOption.READ)) {
            long size = in.size();
            if (size % RECORD != 0) {
                throw new IOException(input + " is not made of " + RECORD + "-byte records (size " + size + ")");
            }
            records = size / RECORD;
            segments = new byte[(int) ((records + SEGMENT_RECORDS - 1) >>> SEGMENT_SHIFT)][];
            long pos = 0;
            for (int s = 0; s < segments.length; s++) {
                int count = (int) Math.min(SEGMENT_RECORDS, records - ((long) s << SEGMENT_SHIFT));
                segments[s] = new byte[count * RECORD];
                ByteBuffer buffer = ByteBuffer.wrap(segments[s]);
                while (buffer.hasRemaining()) {
                    int n = in.read(buffer, pos + buffer.position());
                    if (n < 0) {
                        throw new IOException("file shrank while reading");
                    }
                }
                pos += segments[s].length;
            }
        }
        int indexBits = Math.max(1, 64 - Long.numberOfLeadingZeros(Math.max(1, records - 1)));
        if (indexBits > 40) {
            throw new IOException("too many records: " + records);
        }
        int prefixBits = 63 - indexBits;
        long[] keys = new long[Math.toIntExact(records)];
        buildKeys(segments, keys, indexBits, prefixBits);
        Arrays.parallelSort(keys);
        fixTies(segments, keys, indexBits);
        write(segments, keys, indexBits, output);
    }

    private static void buildKeys(byte[][] segments, long[] keys, int indexBits, int prefixBits) throws Exception {
        int threads = 2;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) keys.length * t / threads);
            int to = (int) ((long) keys.length * (t + 1) / threads);
            workers[t] = new Thread(() -> {
                for (int r = from; r < to; r++) {
                    byte[] seg = segments[r >>> SEGMENT_SHIFT];
                    int o = (r & (SEGMENT_RECORDS - 1)) * RECORD;
                    long prefix = 0;
                    for (int k = 0; k < 8; k++) {
                        prefix = prefix << 8 | (seg[o + k] & 0xff);
                    }
                    keys[r] = (prefix >>> (64 - prefixBits)) << indexBits | r;
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** Orders the runs of equal prefixes by whole-record comparison. */
    private static void fixTies(byte[][] segments, long[] keys, int indexBits) {
        long indexMask = (1L << indexBits) - 1;
        int i = 0;
        while (i < keys.length) {
            long prefix = keys[i] >>> indexBits;
            int j = i + 1;
            while (j < keys.length && (keys[j] >>> indexBits) == prefix) {
                j++;
            }
            if (j - i > 1) {
                for (int a = i + 1; a < j; a++) {
                    long v = keys[a];
                    int b = a - 1;
                    while (b >= i && compare(segments, (int) (keys[b] & indexMask), (int) (v & indexMask)) > 0) {
                        keys[b + 1] = keys[b];
                        b--;
                    }
                    keys[b + 1] = v;
                }
            }
            i = j;
        }
    }

    private static int compare(byte[][] segments, int x, int y) {
        byte[] sx = segments[x >>> SEGMENT_SHIFT];
        int ox = (x & (SEGMENT_RECORDS - 1)) * RECORD;
        byte[] sy = segments[y >>> SEGMENT_SHIFT];
        int oy = (y & (SEGMENT_RECORDS - 1)) * RECORD;
        return Arrays.compareUnsigned(sx, ox, ox + RECORD, sy, oy, oy + RECORD);
    }

    private static void write(byte[][] segments, long[] keys, int indexBits, Path output) throws IOException {
        long indexMask = (1L << indexBits) - 1;
        byte[] buffer = new byte[RECORD * 80_000];
        try (FileChannel out = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            int used = 0;
            for (long key : keys) {
                int r = (int) (key & indexMask);
                System.arraycopy(segments[r >>> SEGMENT_SHIFT], (r & (SEGMENT_RECORDS - 1)) * RECORD, buffer, used,
                        RECORD);
                used += RECORD;
                if (used == buffer.length) {
                    flush(out, buffer, used);
                    used = 0;
                }
            }
            flush(out, buffer, used);
        }
    }

    private static void flush(FileChannel out, byte[] buffer, int used) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, used);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
