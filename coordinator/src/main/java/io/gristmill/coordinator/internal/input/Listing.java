package io.gristmill.coordinator.internal.input;

import io.gristmill.coordinator.SpecException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state of one {@link InputLister#list} call: the files found so far (sorted, without duplicates) and the
 * limits they are held to, so that listing ends even for a pattern such as {@code /**}. Not thread-safe: one
 * listing, one thread.
 */
final class Listing {
    private final InputLister.Limits limits;
    private final AllowedRoots roots;
    private final long startMillis;
    private final Set<String> files = new TreeSet<>(); // absolute paths and s3:// objects
    private final Map<String, Long> sizes = new HashMap<>(); // of the objects, as their listing gave them

    Listing(InputLister.Limits limits, AllowedRoots roots) {
        this.limits = limits;
        this.roots = roots;
        this.startMillis = limits.clockMillis().getAsLong();
    }

    /**
     * Called for each entry visited.
     *
     * @throws InputPatternException if the time limit has passed
     */
    void checkTime(String pattern) throws InputPatternException {
        long elapsed = limits.clockMillis().getAsLong() - startMillis; // a difference: safe if the clock wraps
        if (elapsed >= limits.timeLimit().toMillis()) {
            throw new InputPatternException(pattern, "listing input '" + pattern + "' took longer than "
                    + describe(limits) + "; narrow the pattern");
        }
    }

    /**
     * Adds a regular file that {@code pattern} matched.
     *
     * @throws InputPatternException if the file lies outside the allowed roots, or more than the maximum number of
     *                               files have now matched
     */
    void add(String pattern, Path file) throws InputPatternException {
        checkAllowed(pattern, file);
        addLocation(pattern, file.toString());
    }

    /**
     * Adds an object in object storage that {@code pattern} matched: {@code --allowed-root} confines file paths only
     * (what a process may read in a bucket is up to the credentials it was given).
     *
     * @throws InputPatternException if more than the maximum number of files have now matched
     */
    void addLocation(String pattern, String location) throws InputPatternException {
        files.add(location);
        if (files.size() > limits.maxFiles()) {
            throw new InputPatternException(pattern, "input matches more than " + limits.maxFiles()
                    + " files (reached while listing '" + pattern + "'); narrow the pattern");
        }
    }

    /** {@link #addLocation(String, String)} for an object whose listing gave its size (no request for it later). */
    void addLocation(String pattern, String location, long size) throws InputPatternException {
        addLocation(pattern, location);
        sizes.put(location, size);
    }

    private void checkAllowed(String pattern, Path file) throws InputPatternException {
        try {
            roots.checkInput(file);
        } catch (SpecException e) {
            String source = file.toString().equals(pattern) ? "" : " (listed from input '" + pattern + "')";
            throw new InputPatternException(pattern, e.getMessage() + source);
        }
    }

    /** The files added, sorted. */
    List<Path> files() {
        return files.stream().map(Path::of).toList();
    }

    /** The files and objects added, sorted. */
    List<String> locations() {
        return List.copyOf(files);
    }

    /** The sizes the listing gave with the objects it added (files are not in it: their size costs no request). */
    Map<String, Long> sizes() {
        return Map.copyOf(sizes);
    }

    private static String describe(InputLister.Limits limits) {
        long millis = limits.timeLimit().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
