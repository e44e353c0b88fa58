package io.gristmill.coordinator.internal;

import java.nio.file.Path;

/**
 * A side file of an accepted job: its name, its content hash (how workers fetch and cache it) and where the
 * coordinator keeps it.
 */
public record ShippedFile(String name, String hash, Path file) {
}
