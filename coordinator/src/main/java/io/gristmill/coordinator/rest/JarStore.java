package io.gristmill.coordinator.rest;

import io.gristmill.coordinator.SpecException;
import io.gristmill.coordinator.internal.jar.JarInspector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks uploaded job jars and keeps them, content-addressed: {@code <dir>/<sha256>.jar} ({@link ContentStore}).
 * Blocking: call it on a worker thread.
 */
final class JarStore {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final ContentStore content;

    JarStore(Path dir) {
        this.content = new ContentStore(dir, ".jar");
    }

    /**
     * Fails with a {@link SpecException} on field {@code jar} unless {@code file} is a jar (zip) whose entry class
     * ({@code jobClass}, or the manifest's) is a job definition — read with bounded memory, never loaded.
     */
    static void checkJar(Path file, String jobClass, String displayName) throws SpecException {
        byte[] head = new byte[ZIP_MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length || !java.util.Arrays.equals(head, ZIP_MAGIC)) {
                throw new SpecException("jar", "'" + displayName + "' is not a jar (zip) file");
            }
        } catch (IOException e) {
            throw new SpecException("jar", "cannot read the uploaded jar: " + e.getMessage(), e);
        }
        JarInspector.entryClass(file, jobClass, displayName);
    }

    /** Moves {@code upload} (already checked) into the store and returns where it now lives. */
    Path store(Path upload) throws IOException {
        return content.store(upload).file();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
