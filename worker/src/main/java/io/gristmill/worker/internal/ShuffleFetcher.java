package io.gristmill.worker.internal;

import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.worker.internal.data.Segment;

import java.nio.file.Path;

/**
 * Gets one reduce partition of one map output as a local sorted segment. Called on reduce task threads.
 * The local implementation reads the map's files in place; the HTTP one downloads into {@code scratchDir}.
 */
public interface ShuffleFetcher {
    Segment fetch(MapOutputLocation location, int partition, Path scratchDir, String secret) throws Exception;
}
