package io.gristmill.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The REST bearer token: required when the API listens beyond loopback; kept in the state dir for the CLI. */
final class Tokens {
    static final String FILE = "token";

    private Tokens() {
    }

    /** The token to require for {@code httpHost}: null on loopback, else the state dir's (generated once). */
    static String forHost(String httpHost, Path stateDir) throws IOException {
        if (InetAddress.getByName(httpHost).isLoopbackAddress()) {
            return null;
        }
        Path file = stateDir.resolve(FILE);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Files.createDirectories(stateDir);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    /** The token a CLI client sends: {@code --token}, else {@code GRISTMILL_TOKEN}, else the state dir's, else none. */
    static String forClient(String explicit, Path stateDir) throws IOException {
        if (explicit != null) {
            return explicit;
        }
        String env = System.getenv("GRISTMILL_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        Path file = stateDir.resolve(FILE);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
    }
}
