package io.gristmill.coordinator.internal.jar;

import io.gristmill.coordinator.SpecException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The class files of a bundled job in a classes folder (tests pass one instead of a jar). It has no manifest. */
final class FolderJobJar implements JobJar {
    private final Path root;
    private final String name;

    FolderJobJar(Path root, String displayName) {
        this.root = root;
        this.name = displayName;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] classFile(String internalName) throws SpecException {
        String entry = internalName + ".class";
        Path file = insideRoot(entry);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            long size = Files.size(file);
            CLASS_FILE.checkDeclared(size, entry, name);
            try (InputStream in = Files.newInputStream(file)) {
                return CLASS_FILE.read(in, size, entry, name);
            }
        } catch (IOException e) {
            throw new SpecException("jar", "cannot read " + entry + " in '" + name + "': " + e.getMessage(), e);
        }
    }

    /**
     * The file for {@code entry}, or null if it would lie outside the folder: the job class name is checked by
     * {@link ClassNames}, but supertype names come from class files, which may say anything.
     */
    private Path insideRoot(String entry) {
        try {
            Path file = root.resolve(entry).normalize();
            return file.startsWith(root.normalize()) ? file : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @Override
    public byte[] manifest() {
        return null;
    }

    @Override
    public void close() {
        // nothing held open
    }
}
