package io.gristmill.worker.internal.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of a map attempt: one data file holding every partition's sorted run back to back, and its index.
 *
 * @param dataFile   the data file ({@code <base>.data})
 * @param indexFile  the index file ({@code <base>.index}, see {@link MapOutputIndex})
 * @param partitions per partition, where it lies in the data file
 */
public record MapOutput(Path dataFile, Path indexFile, List<PartitionInfo> partitions) {
    public MapOutput {
        partitions = List.copyOf(partitions);
    }

    /** The region of partition {@code p} as a segment to merge. */
    public Segment segment(int p) {
        PartitionInfo info = partitions.get(p);
        return new Segment(dataFile, info.offset(), info.length());
    }

    public long totalRecords() {
        long n = 0;
        for (PartitionInfo p : partitions) {
            n += p.records();
        }
        return n;
    }
}
