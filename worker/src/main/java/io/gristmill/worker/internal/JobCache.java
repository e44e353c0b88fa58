package io.gristmill.worker.internal;

import io.gristmill.api.Job;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.jobs.JobLoader;
import io.gristmill.cluster.jobs.LoadedJob;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this worker runs tasks of: each loaded once in its own class loader and defined once, shared by the
 * job's attempts, and released when the job ends. Thread-safe; loading blocks, so call it from task threads.
 */
public final class JobCache {
    /** A loaded and defined job. */
    public record Entry(LoadedJob loaded, Job job) {
    }

    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final JarCache jars;

    public JobCache(JarCache jars) {
        this.jars = jars;
    }

    public Entry get(RunAttempt run) throws Exception {
        Entry existing = jobs.get(run.ref().jobId());
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            Entry again = jobs.get(run.ref().jobId());
            if (again != null) {
                return again;
            }
            LoadedJob loaded = JobLoader.load(jars.resolve(run), run.jobClass());
            try {
                Entry entry = new Entry(loaded, loaded.define(run.params()));
                jobs.put(run.ref().jobId(), entry);
                return entry;
            } catch (Exception | Error e) {
                loaded.close();
                throw e;
            }
        }
    }

    /** Releases the job's classes. */
    public void release(String jobId) {
        Entry entry = jobs.remove(jobId);
        if (entry != null) {
            try {
                entry.loaded().close();
            } catch (IOException ignored) {
                // the class loader's jar stays open until GC; nothing else to do
            }
        }
    }

    public void releaseAll() {
        jobs.keySet().forEach(this::release);
    }
}
