package io.gristmill.cluster.jobs;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A job definition loaded in its own class loader. Runs job code with the thread context class loader set to the
 * job's loader. {@link #close()} releases the job's classes.
 */
public final class LoadedJob implements AutoCloseable {
    private final JobDefinition definition;
    private final ClassLoader loader;

    LoadedJob(JobDefinition definition, ClassLoader loader) {
        this.definition = definition;
        this.loader = loader;
    }

    public JobDefinition definition() {
        return definition;
    }

    public String className() {
        return definition.getClass().getName();
    }

    public ClassLoader classLoader() {
        return loader;
    }

    /** Calls {@link JobDefinition#define} in the job's class loader. */
    public Job define(Map<String, String> params) throws Exception {
        return inJobLoader(() -> definition.define(params));
    }

    /** Runs {@code work} with the thread context class loader set to the job's loader. */
    public <T> T inJobLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } catch (LinkageError e) {
            // A job that references a host-only library (Vert.x, Jackson...) loads, then fails at first use.
            throw new IllegalStateException("job code could not link: " + e + " (a job jar sees only the job API,"
                    + " SLF4J and the JDK; bundle other libraries in the jar)", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws IOException {
        if (loader instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
