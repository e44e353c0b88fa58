package io.gristmill.worker.internal.io;

import io.gristmill.api.InputSplit;
import io.gristmill.api.SplitInput;
import io.gristmill.cluster.io.Compression;
import io.gristmill.cluster.io.Storage;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A split of a bzip2 file: the split owns the blocks whose marker starts in its byte range, and its bytes are the
 * decompressed blocks from its first one to the end of the file (read as far as the format needs to finish its last
 * record). A record belongs to the split owning the block that holds the byte before it ({@link SplitInput}).
 */
final class Bzip2Input implements SplitInput {
    private final InputSplit split;
    private final Bzip2Blocks blocks;
    private final boolean atFileStart;
    private long nextBlockBit;              // bit offset of the next block's marker, or -1 when there is none
    private InputStream block;              // the block being read
    private long delivered;                 // decompressed bytes handed out
    // block i starts at decompressed offset starts[i] and at compressed byte positions[i]
    private long[] starts = new long[16];
    private long[] positions = new long[16];
    private int count;

    private Bzip2Input(InputSplit split, Bzip2Blocks blocks, long firstBlockBit) {
        this.split = split;
        this.blocks = blocks;
        this.nextBlockBit = firstBlockBit;
        this.atFileStart = firstBlockBit == Bzip2Blocks.FIRST_BLOCK_BIT;
    }

    static SplitInput open(InputSplit split, Storage storage) throws IOException {
        InputStream raw = storage.openRead(split.path(), split.start());
        Bzip2Blocks blocks = new Bzip2Blocks(raw, split.start());
        try {
            if (split.start() == 0) {
                checkHeader(split, blocks);
            }
            // a split holding no block start owns nothing: look no further than its end
            long first = nextBlock(blocks, split.start() * 8, split.end() * 8);
            return new Bzip2Input(split, blocks, first);
        } catch (IOException | RuntimeException e) {
            blocks.close();
            throw e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith("corrupt")
                    ? io : Corrupt.input(Compression.BZIP2, split.path(), split.start(), e);
        }
    }

    private static void checkHeader(InputSplit split, Bzip2Blocks blocks) throws IOException {
        byte[] header = blocks.peek(4);
        if (header.length < 4 || header[0] != 'B' || header[1] != 'Z' || header[2] != 'h' || header[3] < '1'
                || header[3] > '9') {
            throw Corrupt.input(Compression.BZIP2, split.path(), 0, new IOException("no bzip2 header (BZh1..BZh9)"));
        }
    }

    /** The next block marker at or after {@code fromBit}, past end-of-stream markers; -1 at the end of the file. */
    private static long nextBlock(Bzip2Blocks blocks, long fromBit, long limitBit) throws IOException {
        long bit = fromBit;
        while (true) {
            long marker = blocks.nextMarker(bit, limitBit);
            if (marker == Long.MIN_VALUE) {
                return -1;
            }
            if (marker >= 0) {
                return marker;
            }
            bit = -marker - 1 + 48; // an end-of-stream marker: a concatenated stream may follow
        }
    }

    @Override
    public InputSplit split() {
        return split;
    }

    @Override
    public boolean atFileStart() {
        return atFileStart;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            if (block == null && !openNextBlock()) {
                return -1;
            }
            int n;
            try {
                n = block.read(buffer, offset, length);
            } catch (IOException | RuntimeException e) {
                throw Corrupt.input(Compression.BZIP2, split.path(), positions[count - 1], e);
            }
            if (n > 0) {
                delivered += n;
                return n;
            }
            block = null;
        }
    }

    private boolean openNextBlock() throws IOException {
        if (nextBlockBit < 0) {
            return false;
        }
        long from = nextBlockBit;
        long to;
        try {
            to = blocks.nextMarker(from + 48);
        } catch (IOException e) {
            throw Corrupt.input(Compression.BZIP2, split.path(), from >>> 3, e);
        }
        if (to == Long.MIN_VALUE) {
            throw Corrupt.input(Compression.BZIP2, split.path(), blocks.bytesConsumed(),
                    new IOException("the file ends inside a block (no end-of-stream marker)"));
        }
        long end = to >= 0 ? to : -to - 1;
        byte[] stream = blocks.blockAsStream(from, end);
        record(from >>> 3);
        nextBlockBit = to >= 0 ? to : nextBlock(blocks, end + 48, Long.MAX_VALUE);
        blocks.discardBefore(nextBlockBit < 0 ? end : nextBlockBit);
        try {
            block = new BZip2CompressorInputStream(new ByteArrayInputStream(stream));
        } catch (IOException | RuntimeException e) {
            throw Corrupt.input(Compression.BZIP2, split.path(), from >>> 3, e);
        }
        return true;
    }

    private void record(long position) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        starts[count] = delivered;
        positions[count] = position;
        count++;
    }

    @Override
    public boolean owns(long offset) {
        if (offset == 0) {
            return atFileStart;
        }
        return count > 0 && position(offset - 1) < split.end();
    }

    @Override
    public long position(long offset) {
        int i = Arrays.binarySearch(starts, 0, count, offset);
        if (i < 0) {
            i = -i - 2;
        } else {
            while (i + 1 < count && starts[i + 1] == offset) { // an empty block shares its start with the next
                i++;
            }
        }
        return i < 0 ? split.start() : positions[i];
    }

    @Override
    public float progress(long offset) {
        if (split.length() == 0) {
            return 1f;
        }
        return Math.max(0f, Math.min(1f, (float) (blocks.bytesConsumed() - split.start()) / split.length()));
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
