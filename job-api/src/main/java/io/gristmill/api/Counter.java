package io.gristmill.api;

/**
 * A named job counter, obtained from {@link TaskContext#counter}. Confined to the task thread that obtained it.
 * The job's value of a counter is the sum over its tasks of each task's current successful attempt.
 */
public interface Counter {
    void increment(long delta);

    default void increment() {
        increment(1);
    }

    long value();
}
