package io.gristmill.cli.pipelinejobs;

import io.gristmill.api.Pipeline;
import io.gristmill.api.PipelineDefinition;

import java.util.Map;

/** A pipeline definition that exits the JVM it runs in: it must only fail itself, never stop the coordinator. */
public class ExitingPipeline implements PipelineDefinition {
    @Override
    public Pipeline define(Map<String, String> params) {
        System.err.println("exiting from define");
        System.exit(3);
        return null;
    }
}
