package io.gristmill.client.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Optional;

/**
 * Reads a 503 answer: a standby coordinator sends {@code {"error": "this coordinator is a standby", "active":
 * "http://HOST:PORT"}}, with {@code active} absent or null while it does not know the active one. Anything else
 * (a proxy's page, no body) is a 503 without an address.
 */
final class StandbyAnswer {
    private StandbyAnswer() {
    }

    /** The active coordinator's base URL from a 503 body, if it names one that parses. */
    static Optional<URI> activeCoordinator(String body) {
        try {
            JsonNode active = Json.MAPPER.readTree(body).path("active");
            return active.isTextual() && !active.asText().isBlank()
                    ? Optional.of(Coordinators.base(active.asText())) : Optional.empty();
        } catch (Exception e) { // not JSON, or not a URL: a 503 that names no coordinator
            return Optional.empty();
        }
    }
}
