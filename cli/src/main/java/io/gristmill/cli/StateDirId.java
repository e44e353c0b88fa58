package io.gristmill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A random id kept in a state dir ({@code state-dir-id}), made by whichever coordinator uses the folder first: two
 * coordinators share a state dir exactly when they read the same id, whatever path each mounts it under.
 */
final class StateDirId {
    private static final String FILE = "state-dir-id";

    private StateDirId() {
    }

    static String of(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve(FILE);
        Path tmp = Files.createTempFile(stateDir, ".state-dir-id-", ".tmp");
        try {
            Files.writeString(tmp, UUID.randomUUID().toString(), StandardCharsets.UTF_8);
            Files.createLink(file, tmp); // whole or not at all; the first coordinator's id wins
        } catch (FileAlreadyExistsException e) {
            // made by an earlier coordinator
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
}
