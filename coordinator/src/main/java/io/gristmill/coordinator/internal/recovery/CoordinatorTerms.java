package io.gristmill.coordinator.internal.recovery;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The coordinator terms of a state dir: {@code terms/<n>.json}, one file per coordinator run that became active,
 * numbered 1, 2, 3… Claiming term n+1 creates its file with a hard link, which fails when the file exists, so of two
 * coordinators racing for the same term exactly one wins, on any file system with POSIX link semantics (NFS
 * included). A coordinator is superseded as soon as the file of the next term exists: before acting on a decision it
 * checks that, and steps down if so. No clock is involved. Blocking: call off the event loop.
 */
public final class CoordinatorTerms {
    private static final String SUFFIX = ".json";

    private final Path dir;

    /** One coordinator run: its term, the process that held it, the REST URL it served, and when it started. */
    public record Term(long number, String process, String url, long startedMillis) {
    }

    public CoordinatorTerms(Path stateDir) {
        this.dir = stateDir.resolve("terms");
    }

    /**
     * Claims the term after the newest one for this process. Empty when another coordinator claimed it first (the
     * caller lost the race and must not act).
     */
    public Optional<Term> claimNext(String process, String url, long nowMillis) throws IOException {
        Files.createDirectories(dir);
        long next = newest().map(Term::number).orElse(0L) + 1;
        Term term = new Term(next, process, url, nowMillis);
        Path tmp = Files.createTempFile(dir, ".claim-", ".tmp");
        try {
            Files.writeString(tmp, JsonObject.mapFrom(term).encode(), StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.createLink(file(next), tmp); // atomic: fails if the term was claimed
            return Optional.of(term);
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether a term after {@code term} has been claimed: its holder must step down. */
    public boolean isSuperseded(long term) {
        return Files.exists(file(term + 1));
    }

    /** The newest term, if any coordinator ever became active here. */
    public Optional<Term> newest() throws IOException {
        List<Term> all = all();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every term, oldest first; a file that cannot be read is skipped. */
    public List<Term> all() throws IOException {
        List<Term> terms = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return terms;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    terms.add(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).mapTo(Term.class));
                } catch (RuntimeException | IOException e) {
                    // a torn write cannot happen (files appear whole through the link); anything else is not ours
                }
            }
        }
        terms.sort(java.util.Comparator.comparingLong(Term::number));
        return terms;
    }

    private Path file(long number) {
        return dir.resolve(String.format("%020d", number) + SUFFIX);
    }
}
