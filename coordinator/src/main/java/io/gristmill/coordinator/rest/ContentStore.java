package io.gristmill.coordinator.rest;

import io.gristmill.cluster.ContentHash;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps uploaded files by content: {@code <dir>/<sha256><suffix>}, so the same upload is stored once and a stored
 * file never changes (job jars, side files). Blocking: call it on a worker thread.
 */
final class ContentStore {
    private final Path dir;
    private final String suffix;

    ContentStore(Path dir, String suffix) {
        this.dir = dir;
        this.suffix = suffix;
    }

    /** A stored file and its content hash. */
    record Stored(Path file, String hash) {
    }

    /** Moves {@code upload} (already checked) into the store and returns where it now lives. */
    Stored store(Path upload) throws IOException {
        Files.createDirectories(dir);
        String hash = ContentHash.of(upload);
        Path target = dir.resolve(hash + suffix);
        if (Files.exists(target)) {
            Files.deleteIfExists(upload);
            return new Stored(target, hash);
        }
        Path temp = Files.createTempFile(dir, ".upload-", ".tmp");
        try {
            try {
                Files.move(upload, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.copy(upload, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(upload);
            }
            temp.toFile().setReadOnly(); // a stored file is its hash: nobody may change it (local tasks read it here)
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // the same content was stored concurrently: keep theirs
            }
            return new Stored(target, hash);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
