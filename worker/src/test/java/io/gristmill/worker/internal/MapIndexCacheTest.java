package io.gristmill.worker.internal;

import io.gristmill.worker.internal.data.MapOutputIndex;
import io.gristmill.worker.internal.data.PartitionInfo;
import io.gristmill.worker.internal.data.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MapIndexCacheTest {
    @TempDir
    Path tmp;

    private Path index(String name) throws IOException {
        Path file = tmp.resolve(name + ".index");
        MapOutputIndex.write(file, List.of(new PartitionInfo(0, 10, 1, 5), new PartitionInfo(10, 0, 0, 0),
                new PartitionInfo(10, 32, 3, 7)));
        return file;
    }

    @Test
    void anIndexIsReadOnceForAllReducersOfAJob() throws Exception {
        MapIndexCache cache = new MapIndexCache(1000);
        Path data = tmp.resolve("m-1.data");
        Path index = index("m-1");
        assertEquals(new Segment(data, 0, 10), cache.segment("job-1", data.toString(), index.toString(), 0));
        Files.delete(index);
        assertEquals(new Segment(data, 10, 32), cache.segment("job-1", data.toString(), index.toString(), 2),
                "from the cache");
        assertEquals(6, cache.used());
    }

    @Test
    void onceFullFurtherIndexesAreReadFromTheirFilesAndNothingIsEvicted() throws Exception {
        MapIndexCache cache = new MapIndexCache(6);
        Path first = index("m-1");
        Path second = index("m-2");
        cache.segment("job-1", tmp.resolve("d1").toString(), first.toString(), 1);
        cache.segment("job-1", tmp.resolve("d2").toString(), second.toString(), 1);
        assertEquals(6, cache.used());
        Files.delete(second);
        assertThrows(IOException.class,
                () -> cache.segment("job-1", tmp.resolve("d2").toString(), second.toString(), 1));
        Files.delete(first);
        assertEquals(new Segment(tmp.resolve("d1"), 10, 0),
                cache.segment("job-1", tmp.resolve("d1").toString(), first.toString(), 1));
    }

    @Test
    void aJobThatEndedGivesBackItsRoomAndAMissingPartitionNamesTheIndex() throws Exception {
        MapIndexCache cache = new MapIndexCache(6);
        Path index = index("m-1");
        cache.segment("job-1", tmp.resolve("d").toString(), index.toString(), 0);
        cache.dropJob("job-1");
        assertEquals(0, cache.used());
        IOException e = assertThrows(IOException.class,
                () -> cache.segment("job-2", tmp.resolve("d").toString(), index.toString(), 3));
        assertEquals("no partition 3 in " + index, e.getMessage());
    }
}
