package io.gristmill.coordinator.internal.jar;

import io.gristmill.coordinator.SpecException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class files of a job, read as bytes with bounded memory: from a jar, or (for bundled jobs in tests) from a
 * classes folder. Nothing read here is ever loaded as a class.
 */
interface JobJar extends AutoCloseable {
    /** The most bytes a class file may hold. */
    EntrySizeLimit CLASS_FILE = new EntrySizeLimit(JarInspector.MAX_CLASS_BYTES);
    /** The most bytes the manifest may hold. */
    EntrySizeLimit MANIFEST = new EntrySizeLimit(JarInspector.MAX_MANIFEST_BYTES);

    /** Opens a jar file, or a classes folder when {@code path} is a directory. */
    static JobJar open(Path path, String displayName) throws SpecException {
        return Files.isDirectory(path) ? new FolderJobJar(path, displayName) : ZipJobJar.open(path, displayName);
    }

    /** The name to show in messages: the jar's file name as uploaded. */
    String name();

    /** The bytes of the class file for a JVM internal name such as {@code com/acme/Job}, or null if absent. */
    byte[] classFile(String internalName) throws SpecException;

    /** The bytes of {@code META-INF/MANIFEST.MF}, or null if there is none (a classes folder has none). */
    byte[] manifest() throws SpecException;

    @Override
    void close();
}
