package io.gristmill.coordinator.internal.jar;

import io.gristmill.coordinator.SpecException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A job jar read as a plain zip. {@link ZipFile} reads only the central directory when opened; each entry is then
 * inflated on demand through an {@link EntrySizeLimit}. (A {@link java.util.jar.JarFile} would read the manifest
 * and signatures on its own, without our limits.)
 */
final class ZipJobJar implements JobJar {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final String MANIFEST_ENTRY = "META-INF/MANIFEST.MF";

    private final ZipFile zip;
    private final String name;

    private ZipJobJar(ZipFile zip, String name) {
        this.zip = zip;
        this.name = name;
    }

    static ZipJobJar open(Path file, String displayName) throws SpecException {
        checkMagic(file, displayName);
        try {
            return new ZipJobJar(new ZipFile(file.toFile()), displayName);
        } catch (IOException e) {
            throw new SpecException("jar", "'" + displayName + "' is not a readable jar file: " + e.getMessage(), e);
        }
    }

    private static void checkMagic(Path file, String displayName) throws SpecException {
        byte[] head = new byte[ZIP_MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length || !Arrays.equals(head, ZIP_MAGIC)) {
                throw new SpecException("jar", "'" + displayName + "' is not a jar (zip) file");
            }
        } catch (IOException e) {
            throw new SpecException("jar", "cannot read the job jar '" + displayName + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] classFile(String internalName) throws SpecException {
        return read(internalName + ".class", CLASS_FILE);
    }

    @Override
    public byte[] manifest() throws SpecException {
        return read(MANIFEST_ENTRY, MANIFEST);
    }

    private byte[] read(String entryName, EntrySizeLimit limit) throws SpecException {
        ZipEntry entry = zip.getEntry(entryName);
        // getEntry also answers "x.class/" for "x.class": a folder is not the class file
        if (entry == null || entry.isDirectory()) {
            return null;
        }
        limit.checkDeclared(entry.getSize(), entryName, name);
        try (InputStream in = zip.getInputStream(entry)) {
            return limit.read(in, entry.getSize(), entryName, name);
        } catch (IOException e) {
            throw new SpecException("jar", "cannot read entry " + entryName + " of '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only: nothing to flush, and everything we needed has been read
        }
    }
}
