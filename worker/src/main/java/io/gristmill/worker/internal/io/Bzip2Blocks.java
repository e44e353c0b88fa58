package io.gristmill.worker.internal.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Finds the blocks of a bzip2 file from any byte onward, and hands each one out as a stand-alone bzip2 stream.
 *
 * <p>A bzip2 block starts with the 48-bit marker {@code 0x314159265359} followed by its 32-bit CRC, and a stream ends
 * with {@code 0x177245385090} and the stream's CRC; blocks are bit-aligned and decode independently of each other
 * (Hadoop's {@code CBZip2InputStream} reads splits the same way). A block is copied out bit-shifted behind a
 * {@code BZh9} header and followed by an end-of-stream marker whose CRC is the block's own (the combined CRC of a
 * one-block stream), so any bzip2 decoder checks it. The marker may in principle occur by chance inside compressed
 * data; such a false block fails its CRC check, which fails the task rather than giving wrong records.
 */
final class Bzip2Blocks {
    static final long BLOCK_MAGIC = 0x314159265359L;
    static final long END_MAGIC = 0x177245385090L;
    private static final long MASK48 = (1L << 48) - 1;
    /** The stream header {@code BZh1}..{@code BZh9} is 4 bytes: the file's first block starts at this bit. */
    static final long FIRST_BLOCK_BIT = 32;

    private final InputStream in;
    private byte[] data = new byte[1 << 16]; // grows to hold a block (at most ~900 KiB compressed)
    private long dataStart; // file offset of data[0]
    private int dataLimit;
    private boolean eof;

    /** @param in the file's bytes from {@code offset} on */
    Bzip2Blocks(InputStream in, long offset) {
        this.in = in;
        this.dataStart = offset;
    }

    /** File offset just past the last byte read from the file. */
    long bytesConsumed() {
        return dataStart + dataLimit;
    }

    /**
     * The bit offset of the first marker of either kind starting at or after bit {@code fromBit}, negated minus one
     * for an end-of-stream marker ({@code -bit - 1}), or {@link Long#MIN_VALUE} at the end of the file.
     */
    long nextMarker(long fromBit) throws IOException {
        return nextMarker(fromBit, Long.MAX_VALUE);
    }

    /** As {@link #nextMarker(long)}, but only markers starting before bit {@code limitBit}. */
    long nextMarker(long fromBit, long limitBit) throws IOException {
        long window = 0;
        int seen = 0;
        long bit = fromBit;
        long stopAt = limitBit > Long.MAX_VALUE - 48 ? Long.MAX_VALUE : limitBit + 47; // a marker's last bit
        while (bit < stopAt) {
            int index = (int) ((bit >>> 3) - dataStart);
            if (index >= dataLimit && !fill()) {
                return Long.MIN_VALUE;
            }
            index = (int) ((bit >>> 3) - dataStart);
            int b = data[index] & 0xff;
            for (int shift = 7 - (int) (bit & 7); shift >= 0; shift--, bit++) {
                window = ((window << 1) | ((b >>> shift) & 1)) & MASK48;
                if (++seen >= 48 && bit - 47 < limitBit) {
                    if (window == BLOCK_MAGIC) {
                        return bit - 47;
                    }
                    if (window == END_MAGIC) {
                        return -(bit - 47) - 1;
                    }
                }
            }
        }
        return Long.MIN_VALUE;
    }

    /** Up to {@code n} bytes from the current start of the buffer, without consuming them. */
    byte[] peek(int n) throws IOException {
        while (dataLimit < n && fill()) {
            // keep reading
        }
        return Arrays.copyOf(data, Math.min(n, dataLimit));
    }

    /** Forgets the bytes before bit {@code bit}: nothing before it is asked for again. */
    void discardBefore(long bit) {
        int drop = (int) Math.min(dataLimit, (bit >>> 3) - dataStart);
        if (drop > 0) {
            System.arraycopy(data, drop, data, 0, dataLimit - drop);
            dataLimit -= drop;
            dataStart += drop;
        }
    }

    /** The bits {@code [from, to)} (one block: its marker up to the next marker) as a one-block bzip2 stream. */
    byte[] blockAsStream(long from, long to) throws IOException {
        long bits = to - from;
        byte[] out = new byte[(int) (4 + (bits + 80 + 7) / 8)];
        out[0] = 'B';
        out[1] = 'Z';
        out[2] = 'h';
        out[3] = '9';
        int first = (int) ((from >>> 3) - dataStart);
        int shift = (int) (from & 7);
        int whole = (int) (bits >>> 3);
        for (int k = 0; k <= whole && 4 + k < out.length; k++) {
            int hi = (data[first + k] << shift) & 0xff;
            int lo = first + k + 1 < dataLimit ? (data[first + k + 1] & 0xff) >>> (8 - shift) : 0;
            out[4 + k] = (byte) (shift == 0 ? data[first + k] : hi | lo);
        }
        long crc = readBits(from + 48, 32);
        long outBit = 32 + bits;
        clearFrom(out, outBit);
        outBit = writeBits(out, outBit, END_MAGIC, 48);
        writeBits(out, outBit, crc, 32);
        return out;
    }

    private long readBits(long from, int n) throws IOException {
        long v = 0;
        for (long bit = from; bit < from + n; bit++) {
            int index = (int) ((bit >>> 3) - dataStart);
            if (index >= dataLimit) {
                throw new EOFException("the file ends inside a block header");
            }
            v = (v << 1) | ((data[index] >>> (7 - (bit & 7))) & 1);
        }
        return v;
    }

    private static void clearFrom(byte[] out, long bit) {
        int index = (int) (bit >>> 3);
        if (index < out.length) {
            out[index] &= (byte) (0xff << (8 - (bit & 7)));
            Arrays.fill(out, index + 1, out.length, (byte) 0);
        }
    }

    private static long writeBits(byte[] out, long bit, long value, int n) {
        for (int i = n - 1; i >= 0; i--, bit++) {
            if (((value >>> i) & 1) != 0) {
                out[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
            }
        }
        return bit;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (dataLimit == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        int n = in.read(data, dataLimit, data.length - dataLimit);
        if (n < 0) {
            eof = true;
            return false;
        }
        dataLimit += n;
        return true;
    }

    void close() throws IOException {
        in.close();
    }
}
