package io.gristmill.coordinator.internal.time;

/**
 * Runs actions later on the coordinator's context. Injected wherever a rule depends on time passing (timeouts,
 * back-off, expiry), so unit tests advance a manual timer instead of sleeping.
 */
public interface Timer {

    /** Runs {@code action} once, {@code delayMillis} from now, unless cancelled first. */
    Scheduled schedule(long delayMillis, Runnable action);

    /** An action not yet run. */
    interface Scheduled {
        /** Stops the action from running; no effect once it ran. */
        void cancel();
    }
}
