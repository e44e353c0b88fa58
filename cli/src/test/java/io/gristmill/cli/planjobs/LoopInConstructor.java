package io.gristmill.cli.planjobs;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;

import java.util.Map;

/** A job whose constructor never returns and ignores interrupts. */
public final class LoopInConstructor implements JobDefinition {
    public static volatile long spins;

    public LoopInConstructor() {
        while (spins >= 0) {
            spins++;
        }
    }

    @Override
    public Job define(Map<String, String> params) {
        throw new AssertionError("unreachable");
    }
}
