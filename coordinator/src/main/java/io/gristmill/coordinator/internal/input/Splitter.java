package io.gristmill.coordinator.internal.input;

import io.gristmill.api.InputSplit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Cuts input files into byte-range {@link InputSplit}s, one per map task.
 *
 * <p>Each file is cut into consecutive ranges of {@code splitSize} bytes. To avoid a tiny last task, a remainder
 * smaller than 10% of {@code splitSize} is merged into the previous split (Hadoop's {@code SPLIT_SLOP} of 1.1), so
 * a split is at most {@code 1.1 * splitSize} bytes. An empty file yields <em>no</em> split: it holds no record, so
 * a map task for it would only cost scheduling. Splits are returned file by file, in the given file order, and in
 * byte order within a file. The ranges ignore line boundaries; the input format aligns records to them.
 *
 * <p>Blocking (reads file sizes): call it off the event loop. Stateless and thread-safe.
 */
public final class Splitter {
    /** A remainder up to this factor of the split size stays in the last split. */
    public static final double SPLIT_SLOP = 1.1;

    private Splitter() {
    }

    /** Splits every file (all splittable). */
    public static List<InputSplit> split(List<Path> files, long splitSize) throws IOException {
        return split(files, splitSize, path -> true);
    }

    /**
     * Splits every file; a file for which {@code splittable} (given the absolute path string, as
     * {@code InputFormat.isSplittable}) is false becomes one split.
     *
     * @throws IllegalArgumentException if {@code splitSize < 1}
     * @throws IOException              if a file's size cannot be read
     */
    public static List<InputSplit> split(List<Path> files, long splitSize, Predicate<String> splittable)
            throws IOException {
        return splitLocations(absolute(files), splitSize, splittable, Sizes.FILES);
    }

    /** The size of an input file or object; blocking. */
    @FunctionalInterface
    public interface Sizes {
        Sizes FILES = path -> Files.size(Path.of(path));

        long size(String location) throws IOException;
    }

    /**
     * As {@link #split(List, long, Predicate)} for input locations (absolute paths or {@code s3://} objects), whose
     * sizes {@code sizes} gives.
     */
    public static List<InputSplit> splitLocations(List<String> locations, long splitSize, Predicate<String> splittable,
                                                  Sizes sizes) throws IOException {
        if (splitSize < 1) {
            throw new IllegalArgumentException("split size must be at least 1 byte, got " + splitSize);
        }
        List<InputSplit> splits = new ArrayList<>();
        for (String path : locations) {
            long size = sizes.size(path);
            long effective = splittable.test(path) ? splitSize : Math.max(1, size);
            cut(path, size, effective, splits);
        }
        return splits;
    }

    private static List<String> absolute(List<Path> files) {
        return files.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList();
    }

    /**
     * How many splits {@link #split(List, long)} would make, without making them: what a job's task count is
     * checked against before any list of splits is built.
     */
    public static long count(List<Path> files, long splitSize) throws IOException {
        return countLocations(absolute(files), splitSize, Sizes.FILES);
    }

    /** As {@link #count(List, long)} for input locations whose sizes {@code sizes} gives. */
    public static long countLocations(List<String> locations, long splitSize, Sizes sizes) throws IOException {
        if (splitSize < 1) {
            throw new IllegalArgumentException("split size must be at least 1 byte, got " + splitSize);
        }
        long count = 0;
        for (String location : locations) {
            long size = sizes.size(location);
            if (size > 0) {
                // cut() takes full splits while more than SPLIT_SLOP splits remain, then one last split; start just
                // below that number of full splits and apply cut()'s own test for the last few
                long full = Math.max(0, size / splitSize - 2);
                while ((double) (size - full * splitSize) / splitSize > SPLIT_SLOP) {
                    full++;
                }
                count += full + 1;
            }
        }
        return count;
    }

    private static void cut(String path, long size, long splitSize, List<InputSplit> splits) {
        long start = 0;
        long remaining = size;
        while ((double) remaining / splitSize > SPLIT_SLOP) {
            splits.add(new InputSplit(path, start, splitSize));
            start += splitSize;
            remaining -= splitSize;
        }
        if (remaining > 0) {
            splits.add(new InputSplit(path, start, remaining));
        }
    }
}
