package io.gristmill.worker.internal.shuffle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapOutputRegistryTest {
    @TempDir
    Path work;

    @Test
    void aRegisteredOutputIsFoundByJobAndAttemptWithItsJobsSecret() {
        MapOutputRegistry registry = new MapOutputRegistry(work);
        registry.register("job-1", "secret", "m-00000-1", work.resolve("a.data"), work.resolve("a.index"));
        assertEquals(work.resolve("a.data"), registry.lookup("job-1", "m-00000-1").dataFile());
        assertEquals("secret", registry.secretOf("job-1"));
        assertTrue(registry.secretMatches("job-1", "secret"));
        assertFalse(registry.secretMatches("job-1", "secreT"));
        assertEquals("job-1", registry.jobOfSecret("secret"));
        assertNull(registry.lookup("job-1", "m-00001-1"));
        assertNull(registry.lookup("job-2", "m-00000-1"));
        assertNull(registry.jobOfSecret("other"));
    }

    @Test
    void aFileOutsideTheRootCannotBeRegistered() {
        MapOutputRegistry registry = new MapOutputRegistry(work.resolve("worker"));
        assertThrows(IllegalArgumentException.class, () -> registry.register("job-1", "s", "m-00000-1",
                work.resolve("worker/../elsewhere.data"), work.resolve("worker/a.index")));
        assertThrows(IllegalArgumentException.class, () -> registry.register("job-1", "s", "m-00000-1",
                work.resolve("worker/a.data"), Path.of("/etc/passwd")));
        assertNull(registry.secretOf("job-1"));
    }

    @Test
    void malformedIdsAndASecondSecretForAJobAreRejected() {
        MapOutputRegistry registry = new MapOutputRegistry(work);
        Path data = work.resolve("a.data");
        Path index = work.resolve("a.index");
        assertThrows(IllegalArgumentException.class, () -> registry.register("..", "s", "m-1", data, index));
        assertThrows(IllegalArgumentException.class, () -> registry.register("job-1", "s", "../m", data, index));
        assertThrows(IllegalArgumentException.class, () -> registry.register("job-1", "", "m-1", data, index));
        registry.register("job-1", "s", "m-1", data, index);
        assertThrows(IllegalArgumentException.class, () -> registry.register("job-1", "t", "m-2", data, index));
        assertNull(registry.lookup("job-1", "m-2"));
    }

    @Test
    void droppingAnOutputOrAJobStopsServingIt() {
        MapOutputRegistry registry = new MapOutputRegistry(work);
        registry.register("job-1", "s", "m-1", work.resolve("1.data"), work.resolve("1.index"));
        registry.register("job-1", "s", "m-2", work.resolve("2.data"), work.resolve("2.index"));
        registry.register("job-2", "t", "m-1", work.resolve("3.data"), work.resolve("3.index"));
        assertTrue(registry.drop("job-1", "m-1"));
        assertFalse(registry.drop("job-1", "m-1"));
        assertNull(registry.lookup("job-1", "m-1"));
        registry.dropJob("job-1");
        assertNull(registry.lookup("job-1", "m-2"));
        assertNull(registry.secretOf("job-1"));
        registry.clear();
        assertNull(registry.lookup("job-2", "m-1"));
    }
}
