package io.gristmill.client;

/** How many of a job's map (or reduce) tasks are in each state, and their average progress from 0 to 1. */
public record TaskCounts(int total, int pending, int running, int succeeded, int failed, int killed, double progress) {
}
