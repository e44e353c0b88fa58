package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.MapOutputIndex;
import io.gristmill.worker.internal.data.PartitionInfo;
import io.gristmill.worker.internal.data.Segment;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads a map output partition straight from the map's files: used when mapper and reducer share a host (always,
 * in {@code gristmill local}), so no byte is copied.
 */
public final class LocalShuffleFetcher implements ShuffleFetcher {
    @Override
    public Segment fetch(MapOutputLocation location, int partition, Path scratchDir, String secret) throws Exception {
        List<PartitionInfo> index = MapOutputIndex.read(Path.of(location.indexPath()));
        PartitionInfo info = index.get(partition);
        return new Segment(Path.of(location.dataPath()), info.offset(), info.length());
    }
}
