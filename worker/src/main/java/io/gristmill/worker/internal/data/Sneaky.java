package io.gristmill.worker.internal.data;

/** Rethrows a checked exception from user code unchanged, so the attempt fails with the job's own exception. */
final class Sneaky {
    private Sneaky() {
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
        throw (T) t;
    }
}
