package io.gristmill.cluster;

import java.util.UUID;

/**
 * A coordinator epoch names one coordinator run: {@code T<term>-<random>}. The term is the number of the run in the
 * state dir's term sequence (strictly increasing, see the coordinator's {@code CoordinatorTerms}); 0 for a coordinator
 * without a state dir. Workers compare terms to refuse a coordinator older than one they already follow.
 */
public final class Epochs {
    private Epochs() {
    }

    public static String of(long term) {
        return "T" + term + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The term of {@code epoch}, or -1 when it is null or not of this form. */
    public static long term(String epoch) {
        if (epoch == null || !epoch.startsWith("T")) {
            return -1;
        }
        int dash = epoch.indexOf('-');
        try {
            return Long.parseLong(epoch.substring(1, dash < 0 ? epoch.length() : dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final String ANSWERING = "the coordinator answering has epoch ";

    /** How a coordinator names its own epoch in a STALE_EPOCH refusal, so that a worker can tell its term. */
    public static String answering(String epoch) {
        return ANSWERING + epoch;
    }

    /** The term of the coordinator that sent a STALE_EPOCH refusal with this message; -1 if it does not say. */
    public static long termOfRefusal(String message) {
        int at = message == null ? -1 : message.lastIndexOf(ANSWERING);
        return at < 0 ? -1 : term(message.substring(at + ANSWERING.length()).trim());
    }
}
