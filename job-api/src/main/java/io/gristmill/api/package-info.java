/**
 * The Gristmill job API: everything a job jar compiles against, and nothing else.
 *
 * <p>A job jar names one {@link io.gristmill.api.JobDefinition} (manifest attribute {@code Gristmill-Job} or the
 * submission's {@code jobClass}). The definition builds a {@link io.gristmill.api.Job}: a {@link
 * io.gristmill.api.Mapper}, an optional combiner, an optional {@link io.gristmill.api.Reducer}, the serdes of the
 * intermediate pairs, and input and output formats.
 *
 * <h2>Threads</h2>
 * Each task attempt runs on one thread of a worker's task pool, never on a Vert.x event-loop thread. One attempt
 * owns its mapper/reducer instance from {@code setup} to {@code cleanup}; instances are never shared between
 * attempts, so user code needs no locking unless it shares static state.
 *
 * <h2>Object ownership</h2>
 * {@link io.gristmill.api.Emitter#emit} serializes its arguments before it returns, so the caller may reuse them.
 * Objects the framework passes in (input records, reduce keys and values) may be reused by the framework and are
 * valid only until the next call; copy them to keep them.
 *
 * <h2>Errors</h2>
 * An exception thrown from user code fails the attempt; the task is retried up to {@code maxAttempts} times, then
 * the job fails with the exception's message and stack trace.
 */
package io.gristmill.api;
