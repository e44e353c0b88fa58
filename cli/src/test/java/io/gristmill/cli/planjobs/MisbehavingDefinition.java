package io.gristmill.cli.planjobs;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.PlanContext;

import java.util.Map;

/**
 * A job whose {@code plan} or {@code define} misbehaves as parameter {@code misbehave} says: {@code exit-define}
 * exits the JVM, {@code loop-define} spins forever ignoring interrupts, {@code throw-plan} throws.
 */
public final class MisbehavingDefinition implements JobDefinition {
    public static volatile long spins;

    @Override
    public void plan(PlanContext context) {
        if ("throw-plan".equals(context.params().get("misbehave"))) {
            throw new IllegalStateException("plan() refuses: no boundaries for " + context.inputFiles().size() + " files");
        }
    }

    @Override
    public Job define(Map<String, String> params) {
        switch (params.getOrDefault("misbehave", "")) {
            case "exit-define" -> System.exit(0);
            case "loop-define" -> {
                while (spins >= 0) {
                    spins++;
                }
            }
            default -> {
            }
        }
        throw new IllegalStateException("unknown misbehave=" + params.get("misbehave"));
    }
}
