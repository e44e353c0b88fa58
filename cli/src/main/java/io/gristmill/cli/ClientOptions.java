package io.gristmill.cli;

import io.gristmill.client.GristmillClient;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Where the coordinators' REST API is, for {@code submit}, {@code jobs}, {@code status}, {@code kill} and {@code logs}. */
final class ClientOptions {
    @Option(names = "--coordinator", paramLabel = "URL[,URL...]",
            defaultValue = "${env:GRISTMILL_COORDINATOR:-http://127.0.0.1:8080}",
            description = {"The coordinator's REST address; with a standby, every coordinator's, comma-separated: the "
                    + "active one is followed across a takeover (default: $GRISTMILL_COORDINATOR, else http://127.0.0.1:8080)."})
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (default: $GRISTMILL_TOKEN or the state dir's).")
    String token;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The coordinator's state dir, to read its token (default: ~/.gristmill).")
    Path stateDir;

    /** A client of these coordinators; {@code pollInterval} is how often a followed job's progress is read. */
    GristmillClient client(Duration pollInterval) throws IOException {
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".gristmill");
        // a malformed URL is an IllegalArgumentException: one "error:" line and exit status 2, like other bad input
        return GristmillClient.builder().coordinators(url).token(Tokens.forClient(token, state))
                .pollInterval(pollInterval).build();
    }

    GristmillClient client() throws IOException {
        return client(Duration.ofMillis(500));
    }
}
