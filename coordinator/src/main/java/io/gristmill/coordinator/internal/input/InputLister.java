package io.gristmill.coordinator.internal.input;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the {@code input} patterns of a job into the list of files to read.
 *
 * <p>Each pattern is one of:
 * <ul>
 *   <li>a regular file, taken as is (even if its own name starts with {@code _} or {@code .});</li>
 *   <li>a folder: every regular file below it, recursively;</li>
 *   <li>a glob ({@code *}, {@code ?}, {@code **}, {@code {a,b}}, {@code [..]}, as in
 *       {@link java.nio.file.FileSystem#getPathMatcher}): the segments before the first one holding a glob
 *       character are a fixed folder that is walked, and the rest is matched against the path relative to that
 *       folder. A {@code **}{@code /} also matches zero folders ({@code data/**}{@code /*.txt} matches
 *       {@code data/a.txt}), and a matching folder contributes all its files.</li>
 * </ul>
 * Below the folder a pattern names, any file or folder whose name starts with {@code _} or {@code .} is skipped
 * (output markers such as {@code _SUCCESS}, {@code _temporary}, hidden files). Symbolic links are followed; loops
 * are skipped.
 *
 * <p>Blocking file-system code: call it off the event loop. Stateless and thread-safe.
 */
public final class InputLister {
    private static final String GLOB_CHARS = "*?[{";

    private InputLister() {
    }

    /**
     * Lists the files of all {@code patterns}: absolute, normalized, sorted and without duplicates.
     *
     * @throws InputNotFoundException if a pattern matches no regular file (or no patterns are given)
     * @throws InputPatternException  if a pattern is not a valid glob
     * @throws IOException            if a folder cannot be read
     */
    public static List<Path> list(List<String> patterns) throws IOException {
        if (patterns == null || patterns.isEmpty()) {
            throw new InputNotFoundException("", "no input given");
        }
        Set<Path> files = new TreeSet<>();
        for (String pattern : patterns) {
            List<Path> matched = listOne(pattern);
            if (matched.isEmpty()) {
                throw new InputNotFoundException(pattern, "input '" + pattern + "' matches no file");
            }
            files.addAll(matched);
        }
        return List.copyOf(files);
    }

    private static List<Path> listOne(String pattern) throws IOException {
        if (pattern == null || pattern.isBlank()) {
            throw new InputNotFoundException(String.valueOf(pattern), "input pattern is empty");
        }
        int globSegment = firstGlobSegment(pattern);
        if (globSegment < 0) {
            return listPath(Path.of(pattern).toAbsolutePath().normalize());
        }
        String fixed = pattern.substring(0, globSegment);
        Path root = Path.of(fixed.isEmpty() ? "" : fixed).toAbsolutePath().normalize();
        PathMatcher matcher = globMatcher(pattern, pattern.substring(globSegment));
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        return walk(root, relative -> matchesSelfOrAncestor(matcher, relative));
    }

    private static List<Path> listPath(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (Files.isDirectory(path)) {
            return walk(path, relative -> true);
        }
        return List.of();
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

    private static PathMatcher globMatcher(String pattern, String glob) throws InputPatternException {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + optionalFolders(glob));
        } catch (PatternSyntaxException e) {
            throw new InputPatternException(pattern,
                    "input '" + pattern + "' is not a valid glob: " + e.getDescription());
        }
    }

    /** Rewrites each {@code **}{@code /} outside braces to {@code {**}{@code /,}} so it also matches no folder. */
    static String optionalFolders(String glob) {
        StringBuilder sb = new StringBuilder(glob.length() + 8);
        boolean inBraces = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            inBraces = c == '{' || (inBraces && c != '}');
            if (!inBraces && glob.startsWith("**/", i)) {
                sb.append("{**/,}");
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean matchesSelfOrAncestor(PathMatcher matcher, Path relative) {
        for (int n = relative.getNameCount(); n > 0; n--) {
            if (matcher.matches(relative.subpath(0, n))) {
                return true;
            }
        }
        return false;
    }

    /** Regular files below {@code root} (skipping {@code _}/{@code .} names) whose relative path passes. */
    private static List<Path> walk(Path root, Predicate<Path> accept) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return dir.equals(root) || !isSkipped(dir) ? FileVisitResult.CONTINUE
                                : FileVisitResult.SKIP_SUBTREE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && !isSkipped(file) && accept.test(root.relativize(file))) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof FileSystemLoopException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        return found;
    }

    private static boolean isSkipped(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith("_") || name.startsWith(".");
    }
}
