package io.gristmill.coordinator.internal.input;

import io.gristmill.coordinator.SpecException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders jobs may read and write, so that a job cannot name {@code /etc/shadow} as input or write below
 * {@code /etc}. Paths are compared by their real path (symbolic links resolved), so a link inside a root that
 * points outside it does not count as inside. No roots means anything is allowed.
 *
 * <p>Checks block on the file system: call them off the event loop. Immutable and thread-safe; the real paths of
 * the roots are resolved once, at construction.
 */
public final class AllowedRoots {
    private static final AllowedRoots ANYWHERE = new AllowedRoots(List.of());

    private final List<Path> roots;

    private AllowedRoots(List<Path> realRoots) {
        this.roots = List.copyOf(realRoots);
    }

    /** No restriction: every check passes without touching the file system. */
    public static AllowedRoots anywhere() {
        return ANYWHERE;
    }

    /**
     * Allows the given folders and everything below them; an empty list allows everything.
     *
     * @throws IllegalArgumentException if a folder does not exist, is not a folder or cannot be resolved
     */
    public static AllowedRoots of(List<Path> folders) {
        List<Path> realRoots = new ArrayList<>();
        for (Path folder : folders) {
            realRoots.add(realFolder(folder));
        }
        return realRoots.isEmpty() ? ANYWHERE : new AllowedRoots(realRoots);
    }

    private static Path realFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("allowed root " + folder + " does not exist or is not a folder");
        }
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve allowed root " + folder + ": " + e, e);
        }
    }

    /** Whether there are roots at all (if not, everything is allowed). */
    public boolean isRestricted() {
        return !roots.isEmpty();
    }

    /** The roots' real paths, in the order given. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Checks that the existing {@code file} really lies inside a root.
     *
     * @throws SpecException on field {@code input} if its real path is outside every root, or cannot be resolved
     */
    public void checkInput(Path file) throws SpecException {
        if (roots.isEmpty()) {
            return;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new SpecException("input", "cannot resolve input " + file + ": " + e, e);
        }
        if (roots.stream().noneMatch(real::startsWith)) {
            throw new SpecException("input", "input " + describe(file, real) + " is outside the allowed roots "
                    + roots);
        }
    }

    /**
     * Checks that the {@code output} folder, which need not exist yet, would lie strictly inside a root (a root
     * itself is refused: a job's output folder is created, and a root already exists). Give the normalized absolute
     * path that will be created (as {@link OutputPath#parse} returns): {@code ..} names are taken lexically here, so
     * the check holds for that path and no other. The folder's nearest existing ancestor is resolved to its real
     * path and the names not yet created are appended.
     *
     * @throws SpecException on field {@code output} if it is outside every root, is a root, or its nearest existing
     *                       ancestor cannot be resolved (for example a dangling symbolic link)
     */
    public void checkOutput(Path output) throws SpecException {
        if (roots.isEmpty()) {
            return;
        }
        Path absolute = output.toAbsolutePath().normalize();
        Path real = realPathOfFuture(absolute);
        if (roots.contains(real)) {
            throw new SpecException("output", "output " + describe(absolute, real) + " is an allowed root itself; "
                    + "give a new folder inside one of " + roots);
        }
        if (roots.stream().noneMatch(real::startsWith)) {
            throw new SpecException("output", "output " + describe(absolute, real) + " is outside the allowed roots "
                    + roots);
        }
    }

    /** The real path {@code absolute} will have once created: its nearest existing entry resolved, plus the rest. */
    private static Path realPathOfFuture(Path absolute) throws SpecException {
        Path existing = absolute;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent(); // never null: the file-system root exists
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            throw new SpecException("output", "cannot resolve output " + absolute + " (at " + existing + "): " + e, e);
        }
    }

    /** The path as given, and where it really leads when that differs. */
    private static String describe(Path given, Path real) {
        Path normalized = given.toAbsolutePath().normalize();
        return normalized.equals(real) ? normalized.toString() : normalized + " (really " + real + ")";
    }

    @Override
    public String toString() {
        return roots.isEmpty() ? "anywhere" : roots.toString();
    }
}
