package io.gristmill.worker.internal.shuffle;

import io.gristmill.worker.internal.data.Segment;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the fetches of several hosts at once (at most {@code parallelism} hosts; the fetches of one host one after
 * the other) on threads of its own, and undoes everything if one fails.
 */
final class ParallelHosts {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * Fetches the map outputs of one host (indexes into the caller's list), filling the caller's result; returns
     * early, without failing, once {@code stop} says so.
     */
    interface HostFetch {
        void fetch(List<Integer> group, java.util.function.BooleanSupplier stop)
                throws IOException, InterruptedException;
    }

    private final int parallelism;

    ParallelHosts(int parallelism) {
        this.parallelism = parallelism;
    }

    /**
     * Runs {@code fetch} for every group, which fills {@code result[i]} for its indexes. On failure (or interruption) stops the other groups,
     * deletes the files fetched into {@code result} by this call and rethrows.
     */
    void run(Collection<List<Integer>> groups, Segment[] result, HostFetch fetch)
            throws IOException, InterruptedException {
        if (groups.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, groups.size()), r -> {
            Thread t = new Thread(r, "shuffle-fetch-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>();
        for (List<Integer> group : groups) {
            futures.add(pool.submit(() -> {
                fetch.fetch(group, stop::get);
                return null;
            }));
        }
        try {
            awaitAll(futures, stop);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopAndUndo(pool, groups, result);
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    private static void awaitAll(List<Future<?>> futures, AtomicBoolean stop)
            throws IOException, InterruptedException {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            stop.set(true);
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            stop.set(true);
            throw e;
        }
    }

    private static void stopAndUndo(ExecutorService pool, Collection<List<Integer>> groups, Segment[] result)
            throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("shuffle fetch threads did not stop within a minute");
        }
        for (List<Integer> group : groups) {
            for (int i : group) {
                if (result[i] != null) {
                    try {
                        Files.deleteIfExists(result[i].file());
                    } catch (IOException ignored) {
                        // best effort: the reduce attempt's scratch folder is removed with it
                    }
                }
            }
        }
    }
}
