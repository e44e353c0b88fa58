package io.gristmill.coordinator.rest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the REST API.
 *
 * @param stateDir     the coordinator's state folder: uploads arrive in {@code stateDir/uploads}, accepted jars are
 *                     kept in {@code stateDir/jars/<sha256>.jar}, side files in {@code stateDir/files/<sha256>}
 * @param uploadLimit  the largest request body accepted, in bytes (413 above it): the jar, the spec and every side
 *                     file of a submission together
 * @param allowedHosts the names a request's {@code Host} header may carry (compared without port and case), e.g.
 *                     the bind host, {@code localhost}, {@code 127.0.0.1} and {@code [::1]}; an entry with a port
 *                     ({@code myhost:8080}) allows that name too
 * @param bearerToken  the token every request but the public ones ({@link PublicPaths}) must carry as
 *                     {@code Authorization: Bearer <token>}, or null when none is required
 * @param unfinishedBodyGrace how long an upload whose request body has fully arrived may still take to be read
 *                     before it is refused as a multipart body that ends inside a part ({@link UnfinishedBodyGuard})
 */
public record RestConfig(Path stateDir, long uploadLimit, Set<String> allowedHosts, String bearerToken,
                         Duration unfinishedBodyGrace) {
    public static final long DEFAULT_UPLOAD_LIMIT = 256L << 20;
    /**
     * The largest multipart text field (the spec sent as a field rather than a file): 1 MiB, far above any real
     * spec, instead of Vert.x's 8 KiB, which a spec with many inputs or params outgrows.
     */
    public static final int SPEC_FIELD_LIMIT = 1 << 20;
    /** Reading the rest of an arrived body takes milliseconds; seconds leave room for a busy machine. */
    public static final Duration DEFAULT_UNFINISHED_BODY_GRACE = Duration.ofSeconds(2);

    public RestConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(unfinishedBodyGrace, "unfinishedBodyGrace");
        if (uploadLimit < 1) {
            throw new IllegalArgumentException("uploadLimit must be at least 1 byte, got " + uploadLimit);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String host : Objects.requireNonNull(allowedHosts, "allowedHosts")) {
            names.add(comparable(host));
        }
        allowedHosts = Set.copyOf(names);
        if (bearerToken != null && bearerToken.isBlank()) {
            throw new IllegalArgumentException("bearerToken must not be blank; give null for no token");
        }
        if (unfinishedBodyGrace.isNegative() || unfinishedBodyGrace.isZero()) {
            throw new IllegalArgumentException("unfinishedBodyGrace must be positive, got " + unfinishedBodyGrace);
        }
    }

    /**
     * The defaults for a coordinator listening on {@code bindHost}: its own names ({@code bindHost},
     * {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, and for a wildcard bind such as {@code 0.0.0.0} every
     * name of this machine, see {@link MachineNames}), a 256 MiB upload limit and no token.
     */
    public static RestConfig defaults(Path stateDir, String bindHost) {
        Set<String> names = new LinkedHashSet<>(List.of(bindHost, "localhost", "127.0.0.1", "[::1]"));
        if (MachineNames.isWildcard(bindHost)) {
            names.addAll(MachineNames.ofThisMachine());
        }
        return new RestConfig(stateDir, DEFAULT_UPLOAD_LIMIT, names, null, DEFAULT_UNFINISHED_BODY_GRACE);
    }

    public RestConfig withUploadLimit(long bytes) {
        return new RestConfig(stateDir, bytes, allowedHosts, bearerToken, unfinishedBodyGrace);
    }

    public RestConfig withBearerToken(String token) {
        return new RestConfig(stateDir, uploadLimit, allowedHosts, token, unfinishedBodyGrace);
    }

    public RestConfig withAllowedHost(String host) {
        Set<String> names = new LinkedHashSet<>(allowedHosts);
        names.add(host);
        return new RestConfig(stateDir, uploadLimit, names, bearerToken, unfinishedBodyGrace);
    }

    public RestConfig withUnfinishedBodyGrace(Duration grace) {
        return new RestConfig(stateDir, uploadLimit, allowedHosts, bearerToken, grace);
    }

    /** Where multipart uploads are streamed to before they are checked. */
    public Path uploadDir() {
        return stateDir.resolve("uploads");
    }

    /** Where accepted jars are kept, named by their SHA-256. */
    public Path jarDir() {
        return stateDir.resolve("jars");
    }

    /** Where accepted side files are kept: {@code stateDir/files/<sha256>}. */
    public Path sideFileDir() {
        return stateDir.resolve("files");
    }

    /** Whether {@code host} (with or without a port, IPv6 with or without brackets) is one of the allowed names. */
    public boolean allowsHost(String host) {
        return host != null && !host.isBlank() && allowedHosts.contains(comparable(host));
    }

    /**
     * {@link #hostName}, with an IPv6 literal in one spelling ({@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are the
     * same address, and interfaces list the long form).
     */
    private static String comparable(String hostAndPort) {
        String name = hostName(hostAndPort);
        if (!name.contains(":")) {
            return name;
        }
        try {
            // in brackets the JDK parses it as an IPv6 literal or fails, and never asks DNS about a request's Host
            return java.net.InetAddress.getByName("[" + name + "]").getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return name;
        }
    }

    /**
     * The host part of a {@code Host}-style value, lower case, IPv6 literals without brackets:
     * {@code "[::1]:8080"} → {@code "::1"}, {@code "LocalHost:80"} → {@code "localhost"}.
     */
    static String hostName(String hostAndPort) {
        String value = hostAndPort.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
            return value; // a bare IPv6 literal such as ::1
        }
        return colon < 0 ? value : value.substring(0, colon);
    }
}
