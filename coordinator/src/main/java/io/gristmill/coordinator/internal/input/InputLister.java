package io.gristmill.coordinator.internal.input;

import io.gristmill.cluster.io.s3.S3Location;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the {@code input} patterns of a job into the list of files to read.
 *
 * <p>Each pattern is one of:
 * <ul>
 *   <li>a regular file, taken as is (even if its own name starts with {@code _} or {@code .});</li>
 *   <li>a folder: every regular file below it, recursively;</li>
 *   <li>a glob ({@code *}, {@code ?}, {@code **}, {@code {a,b}}, {@code [..]}, see {@link GlobPattern}): the
 *       segments before the first one holding a glob character are a fixed folder that is walked, and the rest is
 *       matched against the path relative to that folder. A {@code **}{@code /} also matches zero folders
 *       ({@code data/**}{@code /*.txt} matches {@code data/a.txt}), and a matching folder contributes all its
 *       files.</li>
 * </ul>
 * Below the folder a pattern names, any file or folder whose name starts with {@code _} or {@code .} is skipped
 * (output markers such as {@code _SUCCESS}, {@code _temporary}, hidden files). Symbolic links are followed; loops
 * are skipped.
 *
 * <p>Listing ends: it is held to {@link Limits} (time, number of files), and globs match in linear time. With
 * {@link AllowedRoots}, every file listed must really lie inside a root, so a link that leads outside is refused.
 *
 * <p>Blocking file-system code: call it off the event loop. Stateless and thread-safe.
 */
public final class InputLister {
    private static final String GLOB_CHARS = "*?[{";
    private static final int QUOTE_LENGTH = 200;

    private InputLister() {
    }

    /**
     * How long a listing may take and how many files it may return.
     *
     * @param timeLimit   the longest a {@link #list} call may walk, checked at every entry visited
     * @param maxFiles    the most files all patterns together may match
     * @param clockMillis milliseconds from any fixed origin; only differences are used (tests pass their own)
     */
    public record Limits(Duration timeLimit, int maxFiles, LongSupplier clockMillis) {
        public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(60);
        public static final int DEFAULT_MAX_FILES = 1_000_000;

        public Limits {
            Objects.requireNonNull(timeLimit, "timeLimit");
            Objects.requireNonNull(clockMillis, "clockMillis");
            if (timeLimit.isNegative() || timeLimit.isZero()) {
                throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
            }
            if (maxFiles < 1) {
                throw new IllegalArgumentException("maxFiles must be at least 1, got " + maxFiles);
            }
        }

        /** The given limits on the system's monotonic clock (wall-clock changes do not shorten or extend them). */
        public static Limits of(Duration timeLimit, int maxFiles) {
            return new Limits(timeLimit, maxFiles, () -> System.nanoTime() / 1_000_000);
        }

        /** 60 s and 1,000,000 files. */
        public static Limits defaults() {
            return of(DEFAULT_TIME_LIMIT, DEFAULT_MAX_FILES);
        }
    }

    /**
     * Lists the files of all {@code patterns} within {@link Limits#defaults()}, from anywhere.
     *
     * @see #list(List, Limits, AllowedRoots)
     */
    public static List<Path> list(List<String> patterns) throws IOException {
        return list(patterns, Limits.defaults(), AllowedRoots.anywhere());
    }

    /**
     * Lists the files of all {@code patterns} within {@code limits}, from anywhere.
     *
     * @see #list(List, Limits, AllowedRoots)
     */
    public static List<Path> list(List<String> patterns, Limits limits) throws IOException {
        return list(patterns, limits, AllowedRoots.anywhere());
    }

    /**
     * Lists the files of all {@code patterns}: absolute, normalized, sorted and without duplicates.
     *
     * @throws InputNotFoundException if a pattern matches no regular file (or no patterns are given)
     * @throws InputPatternException  if a pattern is not a valid glob or path (NUL character, unpaired surrogate,
     *                                longer than {@link GlobPattern#MAX_LENGTH}), listing takes longer than the
     *                                time limit, more than the maximum number of files match, or a file listed
     *                                lies outside {@code roots}; the message names the pattern (and the file)
     * @throws IOException            if a folder cannot be read
     */
    public static List<Path> list(List<String> patterns, Limits limits, AllowedRoots roots) throws IOException {
        return listing(patterns, limits, roots).files();
    }

    /**
     * As {@link #list(List, Limits, AllowedRoots)}, where a pattern may also be an {@code s3://bucket/prefix} (listed
     * by {@link S3InputListing}): the files as absolute path strings, the objects as {@code s3://bucket/key}.
     *
     * @throws InputPatternException also for a pattern with a scheme other than {@code s3://}
     */
    public static List<String> listLocations(List<String> patterns, Limits limits, AllowedRoots roots)
            throws IOException {
        return listing(patterns, limits, roots).locations();
    }

    /**
     * What {@link #listInputs} found: the files and objects, and the sizes the object listing gave with them (so
     * that splitting asks S3 nothing more per object).
     *
     * @param locations as {@link #listLocations} returns them
     * @param sizes     the size of each {@code s3://} object in {@code locations}, as listed
     */
    public record Listed(List<String> locations, Map<String, Long> sizes) {
        public Listed {
            locations = List.copyOf(locations);
            sizes = Map.copyOf(sizes);
        }
    }

    /** As {@link #listLocations}, with the objects' sizes as listed. */
    public static Listed listInputs(List<String> patterns, Limits limits, AllowedRoots roots) throws IOException {
        Listing listing = listing(patterns, limits, roots);
        return new Listed(listing.locations(), listing.sizes());
    }

    private static Listing listing(List<String> patterns, Limits limits, AllowedRoots roots) throws IOException {
        if (patterns == null || patterns.isEmpty()) {
            throw new InputNotFoundException("", "no input given");
        }
        Listing listing = new Listing(limits, roots);
        for (String pattern : patterns) {
            if (!listOne(pattern, listing)) {
                throw new InputNotFoundException(pattern, "input '" + pattern + "' matches no file");
            }
        }
        return listing;
    }

    /** Adds the files of one pattern to the listing; false if it matched none. */
    private static boolean listOne(String pattern, Listing listing) throws IOException {
        checkText(pattern);
        listing.checkTime(pattern);
        if (S3Location.isS3(pattern)) {
            return S3InputListing.list(pattern, listing);
        }
        Schemes.refuseUnknown("input", pattern);
        int globSegment = firstGlobSegment(pattern);
        if (globSegment < 0) {
            return listPath(pattern, toPath(pattern, pattern), listing);
        }
        String fixed = pattern.substring(0, globSegment);
        Path root = toPath(pattern, fixed.isEmpty() ? "" : fixed);
        GlobPattern glob = compile(pattern, pattern.substring(globSegment));
        if (!Files.isDirectory(root)) {
            return false;
        }
        return walk(pattern, root, relative -> glob.matchesPathOrAncestor(relative.toString()), listing);
    }

    private static void checkText(String pattern) throws InputPatternException {
        if (pattern == null || pattern.isBlank()) {
            throw new InputNotFoundException(String.valueOf(pattern), "input pattern is empty");
        }
        var defect = PathText.defect(pattern);
        if (defect.isPresent()) {
            throw invalid(pattern, defect.get());
        }
        if (pattern.length() > GlobPattern.MAX_LENGTH) {
            throw invalid(pattern, "is longer than " + GlobPattern.MAX_LENGTH + " characters");
        }
    }

    private static Path toPath(String pattern, String text) throws InputPatternException {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(pattern, "is not a valid path: " + e.getReason());
        }
    }

    private static GlobPattern compile(String pattern, String glob) throws InputPatternException {
        try {
            return GlobPattern.compile(glob);
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() < 0 ? "" : " at '" + PathText.printable(glob.substring(e.getIndex()), 40) + "'";
            throw invalid(pattern, "is not a valid glob: " + e.getDescription() + where);
        }
    }

    private static InputPatternException invalid(String pattern, String why) {
        return new InputPatternException(pattern, "input '" + PathText.printable(pattern, QUOTE_LENGTH) + "' " + why);
    }

    private static boolean listPath(String pattern, Path path, Listing listing) throws IOException {
        if (Files.isRegularFile(path)) {
            listing.add(pattern, path);
            return true;
        }
        if (Files.isDirectory(path)) {
            return walk(pattern, path, relative -> true, listing);
        }
        return false;
    }

    /** Index of the first character of the first segment holding a glob character, or -1. */
    static int firstGlobSegment(String pattern) {
        int segmentStart = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '/') {
                segmentStart = i + 1;
            } else if (GLOB_CHARS.indexOf(c) >= 0) {
                return segmentStart;
            }
        }
        return -1;
    }

    /** Adds the regular files below {@code root} (skipping {@code _}/{@code .} names) whose relative path passes. */
    private static boolean walk(String pattern, Path root, Predicate<Path> accept, Listing listing)
            throws IOException {
        Walker walker = new Walker(pattern, root, accept, listing);
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walker);
        return walker.matched > 0;
    }

    private static final class Walker extends SimpleFileVisitor<Path> {
        private final String pattern;
        private final Path root;
        private final Predicate<Path> accept;
        private final Listing listing;
        private int matched;

        Walker(String pattern, Path root, Predicate<Path> accept, Listing listing) {
            this.pattern = pattern;
            this.root = root;
            this.accept = accept;
            this.listing = listing;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            listing.checkTime(pattern);
            return dir.equals(root) || !isSkipped(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            listing.checkTime(pattern);
            if (attrs.isRegularFile() && !isSkipped(file) && accept.test(root.relativize(file))) {
                listing.add(pattern, file);
                matched++;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            listing.checkTime(pattern);
            if (e instanceof FileSystemLoopException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        private static boolean isSkipped(Path path) {
            String name = path.getFileName().toString();
            return name.startsWith("_") || name.startsWith(".");
        }
    }
}
