/**
 * A test kit for job authors: {@link io.gristmill.api.testkit.JobTester} runs a job's mapper, combiner and reducer
 * in memory, on the calling thread, from a unit test. Everything else in this package is internal to the kit.
 */
package io.gristmill.api.testkit;
