package io.gristmill.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.gristmill.client.CoordinatorUnavailableException;

/**
 * Sends a request to whichever coordinator is active. A standby answers 503, naming the active coordinator when it
 * knows it; on that, or when a connection fails, the request goes to the named coordinator, else to the next URL of
 * the list, after a backoff (200 ms doubling to 2 s), until one answers or the failover window (counted from the
 * first failure) has passed. The URL that answered is kept for later requests (it may be one the list lacks).
 *
 * <p>Until some coordinator has answered this client, a call ends as soon as every listed URL refused a connection
 * once: nothing is running there, and a command-line user should hear so at once, not after a minute.
 *
 * <p>Thread-safe: calls may run at once and share the remembered coordinator.
 */
public final class Failover {
    private final HttpClient http;
    private final List<URI> coordinators;
    private final Duration window;
    private final AtomicReference<URI> current;
    private volatile boolean answered;

    public Failover(HttpClient http, List<URI> coordinators, Duration window) {
        if (coordinators.isEmpty()) {
            throw new IllegalArgumentException("coordinators: give at least one URL");
        }
        this.http = http;
        this.coordinators = List.copyOf(coordinators);
        this.window = window;
        this.current = new AtomicReference<>(this.coordinators.get(0));
    }

    /** The coordinator the next request goes to first: the last one that answered. */
    public URI current() {
        return current.get();
    }

    /**
     * Sends {@code request(base)} and returns the first answer that is not a 503. {@code repeatable} requests (GETs)
     * are also sent again after a failure mid-request (a reset, a timeout); others only when their connection failed
     * or a standby refused them, which the coordinator has not acted on.
     */
    public HttpResponse<String> send(Function<URI, HttpRequest> request, boolean repeatable)
            throws IOException, InterruptedException {
        Tries tries = new Tries();
        URI target = current.get();
        while (true) {
            URI next;
            try {
                HttpResponse<String> response = http.send(request.apply(target), HttpResponse.BodyHandlers.ofString());
                answered = true;
                if (response.statusCode() != 503) {
                    current.set(target);
                    return response;
                }
                URI active = StandbyAnswer.activeCoordinator(response.body()).orElse(null);
                tries.outcome(target, "is a standby (active: " + (active == null ? "unknown" : active) + ")", null);
                next = active != null && !active.equals(target) ? active : tries.nextListed(target);
            } catch (IOException e) {
                boolean connectFailed = connectFailed(e);
                if (!connectFailed && !repeatable) {
                    throw e;
                }
                tries.outcome(target, connectFailed ? "refused the connection" : "failed: " + e, e);
                if (connectFailed) {
                    tries.refused(target);
                }
                if (!answered && tries.refusedAll()) {
                    throw tries.nothingRunning();
                }
                next = tries.nextListed(target);
            }
            tries.waitBeforeNext();
            target = next;
        }
    }

    private static boolean connectFailed(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** One call's tries: what each URL did last, which refused connections, and when the window ends. */
    private final class Tries {
        private final Map<URI, String> outcomes = new LinkedHashMap<>();
        private final Set<URI> refused = new HashSet<>();
        private final Backoff backoff = new Backoff();
        private Throwable lastCause;
        private long deadline;
        private int listed = coordinators.indexOf(current.get());

        void outcome(URI target, String what, Throwable cause) {
            outcomes.put(target, what);
            lastCause = cause;
            if (deadline == 0) {
                deadline = System.nanoTime() + window.toNanos();
            }
        }

        void refused(URI target) {
            refused.add(target);
        }

        boolean refusedAll() {
            return refused.containsAll(coordinators);
        }

        /** The URL after {@code target} in the list; after the last listed one tried when it is not listed. */
        URI nextListed(URI target) {
            int index = coordinators.indexOf(target);
            listed = ((index >= 0 ? index : listed) + 1) % coordinators.size();
            return coordinators.get(listed);
        }

        void waitBeforeNext() throws InterruptedException, CoordinatorUnavailableException {
            long wait = backoff.next().toNanos();
            if (System.nanoTime() + wait - deadline > 0) {
                throw new CoordinatorUnavailableException("no coordinator answered within " + window.toSeconds()
                        + " s: " + describe(), lastCause);
            }
            TimeUnit.NANOSECONDS.sleep(wait);
        }

        CoordinatorUnavailableException nothingRunning() {
            String where = coordinators.size() == 1 ? "the coordinator at " + coordinators.get(0) + " (is it running?)"
                    : "any coordinator at " + String.join(", ", coordinators.stream().map(URI::toString).toList())
                    + " (is one running?)";
            return new CoordinatorUnavailableException("cannot reach " + where, lastCause);
        }

        private String describe() {
            StringBuilder text = new StringBuilder();
            outcomes.forEach((url, what) -> text.append(text.length() == 0 ? "" : "; ").append(url).append(' ').append(what));
            return text.toString();
        }
    }
}
