package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.Segment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads map output partitions straight from the maps' files: used when mappers and reducers share a host (always,
 * in {@code gristmill local}), so no byte is copied. The maps' indexes are read once per job, not once per
 * reducer ({@link MapIndexCache}).
 */
public final class LocalShuffleFetcher implements ShuffleFetcher {
    private final MapIndexCache indexes;

    public LocalShuffleFetcher() {
        this(MapIndexCache.sizedToHeap());
    }

    public LocalShuffleFetcher(MapIndexCache indexes) {
        this.indexes = indexes;
    }

    @Override
    public List<Segment> fetchAll(String jobId, List<MapOutputLocation> locations, int partition, Path scratchDir,
                                  String secret, Runnable fetchedOne) throws Exception {
        List<Segment> segments = new ArrayList<>(locations.size());
        for (MapOutputLocation location : locations) {
            segments.add(indexes.segment(jobId, location.dataPath(), location.indexPath(),
                    partition));
            fetchedOne.run();
        }
        return segments;
    }

    @Override
    public void jobEnded(String jobId) {
        indexes.dropJob(jobId);
    }
}
