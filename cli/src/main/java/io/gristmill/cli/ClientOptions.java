package io.gristmill.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Where the coordinator's REST API is, for {@code submit}, {@code jobs}, {@code status} and {@code kill}. */
final class ClientOptions {
    @Option(names = "--coordinator", paramLabel = "URL",
            defaultValue = "${env:GRISTMILL_COORDINATOR:-http://127.0.0.1:8080}",
            description = "The coordinator's REST address (default: $GRISTMILL_COORDINATOR, else http://127.0.0.1:8080).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (default: $GRISTMILL_TOKEN or the state dir's).")
    String token;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The coordinator's state dir, to read its token (default: ~/.gristmill).")
    Path stateDir;

    RestClient client() throws IOException {
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".gristmill");
        return new RestClient(url, Tokens.forClient(token, state));
    }
}
