package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.MapOutputIndex;
import io.gristmill.worker.internal.data.PartitionInfo;
import io.gristmill.worker.internal.data.Segment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads map output partitions straight from the maps' files: used when mappers and reducers share a host (always,
 * in {@code gristmill local}), so no byte is copied.
 */
public final class LocalShuffleFetcher implements ShuffleFetcher {
    @Override
    public List<Segment> fetchAll(String jobId, List<MapOutputLocation> locations, int partition, Path scratchDir,
                                  String secret, Runnable fetchedOne) throws Exception {
        List<Segment> segments = new ArrayList<>();
        for (MapOutputLocation location : locations) {
            PartitionInfo info = MapOutputIndex.read(Path.of(location.indexPath())).get(partition);
            segments.add(new Segment(Path.of(location.dataPath()), info.offset(), info.length()));
            fetchedOne.run();
        }
        return segments;
    }
}
