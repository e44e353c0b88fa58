package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Merges open sorted segments into one sorted stream with a tree of losers: each record costs one comparison per
 * tree level (about log2 of the segment count) on the path from its segment to the root. Ties are broken by
 * segment index, so the merge is stable. With the unsigned byte comparator each segment's current key is cached
 * as a {@link KeyPrefix} and its length, so most comparisons are of two longs; the key bytes are compared only
 * when the prefixes are equal and a key is longer than 8 bytes. Any other comparator compares the key bytes.
 */
final class LoserTreeMerger implements RecordStream {
    private final SegmentReader[] readers;
    private final RawComparator comparator;
    private final boolean usePrefix;
    private final int k;
    /** tree[0] is the segment holding the smallest record, tree[1 .. k-1] the losers of the inner nodes. */
    private final int[] tree;
    private final long[] prefixes;
    /** Length of each segment's current key; -1 once the segment is exhausted. */
    private final int[] lengths;
    private SegmentReader current;
    private boolean started;

    LoserTreeMerger(List<SegmentReader> readers, RawComparator comparator) {
        this.readers = readers.toArray(new SegmentReader[0]);
        this.comparator = comparator;
        this.usePrefix = comparator == RawComparator.BYTES;
        this.k = this.readers.length;
        this.tree = new int[Math.max(1, k)];
        this.prefixes = new long[k];
        this.lengths = new int[k];
    }

    @Override
    public boolean next() throws IOException {
        if (k == 0) {
            return false;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < k; i++) {
                load(i);
            }
            tree[0] = k == 1 ? 0 : build(1);
        } else {
            int w = tree[0];
            load(w);
            replay(w);
        }
        int w = tree[0];
        if (lengths[w] < 0) {
            current = null;
            return false;
        }
        current = readers[w];
        return true;
    }

    private void load(int i) throws IOException {
        SegmentReader r = readers[i];
        if (r.next()) {
            int len = r.keyLength();
            lengths[i] = len;
            if (usePrefix) {
                prefixes[i] = KeyPrefix.of(r.keyBuffer(), r.keyOffset(), len);
            }
        } else {
            lengths[i] = -1;
        }
    }

    /** Plays the subtree under {@code node} (leaves are nodes k .. 2k-1); records losers, returns the winner. */
    private int build(int node) {
        if (node >= k) {
            return node - k;
        }
        int a = build(2 * node);
        int b = build(2 * node + 1);
        if (before(a, b)) {
            tree[node] = b;
            return a;
        }
        tree[node] = a;
        return b;
    }

    /** Replays the path from segment {@code s}, whose record changed, to the root. */
    private void replay(int s) {
        int winner = s;
        for (int node = (s + k) >>> 1; node > 0; node >>>= 1) {
            int other = tree[node];
            if (before(other, winner)) {
                tree[node] = winner;
                winner = other;
            }
        }
        tree[0] = winner;
    }

    /** Whether segment {@code a}'s current record comes before segment {@code b}'s. */
    private boolean before(int a, int b) {
        int la = lengths[a];
        int lb = lengths[b];
        if (la < 0 || lb < 0) {
            return lb < 0 && (la >= 0 || a < b);
        }
        int c;
        if (usePrefix) {
            long pa = prefixes[a];
            long pb = prefixes[b];
            if (pa != pb) {
                return Long.compareUnsigned(pa, pb) < 0;
            }
            if (la <= 8 && lb <= 8) {
                c = la - lb; // both keys are whole in the equal zero-padded prefixes
            } else {
                SegmentReader x = readers[a];
                SegmentReader y = readers[b];
                c = Arrays.compareUnsigned(x.keyBuffer(), x.keyOffset(), x.keyOffset() + la,
                        y.keyBuffer(), y.keyOffset(), y.keyOffset() + lb);
            }
        } else {
            SegmentReader x = readers[a];
            SegmentReader y = readers[b];
            c = comparator.compare(x.keyBuffer(), x.keyOffset(), la, y.keyBuffer(), y.keyOffset(), lb);
        }
        return c < 0 || (c == 0 && a < b);
    }

    @Override
    public byte[] keyBuffer() {
        return current.keyBuffer();
    }

    @Override
    public int keyOffset() {
        return current.keyOffset();
    }

    @Override
    public int keyLength() {
        return current.keyLength();
    }

    @Override
    public byte[] valueBuffer() {
        return current.valueBuffer();
    }

    @Override
    public int valueOffset() {
        return current.valueOffset();
    }

    @Override
    public int valueLength() {
        return current.valueLength();
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (SegmentReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
