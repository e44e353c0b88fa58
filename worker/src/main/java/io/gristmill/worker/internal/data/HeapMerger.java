package io.gristmill.worker.internal.data;

import io.gristmill.api.RawComparator;

import java.io.IOException;
import java.util.List;

/**
 * Merges already-open sorted streams into one sorted stream with a binary heap of stream indices, comparing raw
 * key bytes with the sort comparator (ties broken by stream index, so the merge is stable).
 */
final class HeapMerger implements RecordStream {
    private final RecordStream[] streams;
    private final RawComparator comparator;
    private final int[] heap;
    private int size;
    private RecordStream current;
    private boolean started;

    HeapMerger(List<? extends RecordStream> streams, RawComparator comparator) {
        this.streams = streams.toArray(new RecordStream[0]);
        this.comparator = comparator;
        this.heap = new int[this.streams.length];
    }

    @Override
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            for (int i = 0; i < streams.length; i++) {
                if (streams[i].next()) {
                    heap[size++] = i;
                }
            }
            for (int i = (size >>> 1) - 1; i >= 0; i--) {
                siftDown(i);
            }
        } else if (size > 0) {
            if (streams[heap[0]].next()) {
                siftDown(0);
            } else {
                heap[0] = heap[--size];
                if (size > 0) {
                    siftDown(0);
                }
            }
        }
        if (size == 0) {
            current = null;
            return false;
        }
        current = streams[heap[0]];
        return true;
    }

    private void siftDown(int i) {
        int[] h = heap;
        int n = size;
        int item = h[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && less(h[child + 1], h[child])) {
                child++;
            }
            if (!less(h[child], item)) {
                break;
            }
            h[i] = h[child];
            i = child;
        }
        h[i] = item;
    }

    private boolean less(int a, int b) {
        RecordStream x = streams[a];
        RecordStream y = streams[b];
        int c = comparator.compare(x.keyBuffer(), x.keyOffset(), x.keyLength(),
                y.keyBuffer(), y.keyOffset(), y.keyLength());
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
        for (RecordStream s : streams) {
            try {
                s.close();
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
