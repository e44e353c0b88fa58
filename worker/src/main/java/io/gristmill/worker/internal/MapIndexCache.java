package io.gristmill.worker.internal;

import io.gristmill.worker.internal.data.MapOutputIndex;
import io.gristmill.worker.internal.data.PartitionInfo;
import io.gristmill.worker.internal.data.Segment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The partition places (offset, length) of the map outputs this worker reads in place, per job: every reducer of
 * a job reads its partition of every map, so without it each map's index file is read once per reducer (at
 * 100,000 maps and 100 reducers, ten million reads). An index file belongs to one map attempt and never changes,
 * so an entry is never stale; a job's entries go when the job ends.
 *
 * <p>Bounded: at most {@code maxLongs} longs in all (two per partition). Once full, further indexes are read from
 * their files every time rather than evicting others, so reducers that walk the maps in the same order do not
 * thrash it. Thread-safe.
 */
public final class MapIndexCache {
    private final long maxLongs;
    private final AtomicLong used = new AtomicLong();
    // per job, by index path as the map output location gives it: no Path is made or hashed on a hit
    private final Map<String, Map<String, Entry>> jobs = new ConcurrentHashMap<>();

    /** A map output's data file and its partitions' offsets and lengths, two longs each. */
    private record Entry(Path dataFile, long[] places) {
    }

    /** A cache of at most 1/32 of the heap (8 bytes a long): 128 MiB with {@code -Xmx4g}. */
    public static MapIndexCache sizedToHeap() {
        return new MapIndexCache(Runtime.getRuntime().maxMemory() / 32 / Long.BYTES);
    }

    public MapIndexCache(long maxLongs) {
        this.maxLongs = maxLongs;
    }

    /**
     * Partition {@code partition} of the map output {@code dataFile}/{@code indexFile} of job {@code jobId}, as a
     * segment of its data file. Blocking on a miss (reads the index).
     */
    public Segment segment(String jobId, String dataFile, String indexFile, int partition) throws IOException {
        Entry entry = entry(jobId, dataFile, indexFile);
        long[] places = entry.places();
        if (partition < 0 || 2 * partition >= places.length) {
            throw new IOException("no partition " + partition + " in " + indexFile);
        }
        return new Segment(entry.dataFile(), places[2 * partition], places[2 * partition + 1]);
    }

    /** Forgets the indexes of a job that ended. */
    public void dropJob(String jobId) {
        Map<String, Entry> dropped = jobs.remove(jobId);
        if (dropped != null) {
            long freed = 0;
            for (Entry e : dropped.values()) {
                freed += e.places().length;
            }
            used.addAndGet(-freed);
        }
    }

    /** Longs held now (for tests). */
    long used() {
        return used.get();
    }

    private Entry entry(String jobId, String dataFile, String indexFile) throws IOException {
        Map<String, Entry> job = jobs.computeIfAbsent(jobId, id -> new ConcurrentHashMap<>());
        Entry entry = job.get(indexFile);
        if (entry != null) {
            return entry;
        }
        List<PartitionInfo> index = MapOutputIndex.read(Path.of(indexFile));
        long[] places = new long[2 * index.size()];
        for (int p = 0; p < index.size(); p++) {
            places[2 * p] = index.get(p).offset();
            places[2 * p + 1] = index.get(p).length();
        }
        entry = new Entry(Path.of(dataFile), places);
        if (used.addAndGet(places.length) <= maxLongs) {
            if (job.putIfAbsent(indexFile, entry) != null || jobs.get(jobId) != job) {
                used.addAndGet(-places.length); // another reducer cached it first, or the job ended meanwhile
            }
        } else {
            used.addAndGet(-places.length);
        }
        return entry;
    }
}
