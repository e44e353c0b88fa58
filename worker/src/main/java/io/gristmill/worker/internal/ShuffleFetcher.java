package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.Segment;

import java.nio.file.Path;
import java.util.List;

/**
 * Gets one reduce partition of every given map output as local sorted segments, in the given order. Called on
 * reduce task threads. The local implementation reads the maps' files in place; the HTTP one downloads into
 * {@code scratchDir}, several hosts at once, checking each partition's length and CRC.
 */
public interface ShuffleFetcher {
    /**
     * @param fetchedOne run once for each map output as soon as its partition is here (from any thread): a long
     *                   shuffle counts as activity of its reduce attempt
     */
    List<Segment> fetchAll(String jobId, List<MapOutputLocation> locations, int partition, Path scratchDir,
                           String secret, Runnable fetchedOne) throws Exception;

    /** The job ended: forget what was kept for it. */
    default void jobEnded(String jobId) {
    }

    default List<Segment> fetchAll(String jobId, List<MapOutputLocation> locations, int partition, Path scratchDir,
                                   String secret) throws Exception {
        return fetchAll(jobId, locations, partition, scratchDir, secret, () -> { });
    }
}
