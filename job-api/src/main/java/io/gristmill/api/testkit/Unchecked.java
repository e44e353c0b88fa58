package io.gristmill.api.testkit;

/** The one place where the kit drops the generic types a {@link io.gristmill.api.Job} erases. */
final class Unchecked {
    private Unchecked() {
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }
}
