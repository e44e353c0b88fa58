package io.gristmill.cli.planjobs;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;

import java.util.Map;

/** A job whose constructor exits the JVM it runs in: it must never be a coordinator's. */
public final class ExitInConstructor implements JobDefinition {
    public ExitInConstructor() {
        System.out.println("exiting from the constructor");
        System.exit(0);
    }

    @Override
    public Job define(Map<String, String> params) {
        throw new AssertionError("unreachable");
    }
}
