package io.gristmill.coordinator.internal.planning.testjobs;

import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.PlanContext;
import io.gristmill.api.Serdes;

import java.util.Map;

/**
 * A job whose plan hook tells which process planned it ({@code pid}) and whether an earlier job left a system
 * property behind ({@code propertySeen}), then sets that property; with {@code leaveThread=true} it also leaves a
 * thread running.
 */
public final class ProcessReportingJob implements JobDefinition {
    static final String PROPERTY = "gristmill.test.left-behind";

    @Override
    public void plan(PlanContext context) {
        context.setParam("pid", Long.toString(ProcessHandle.current().pid()));
        context.setParam("propertySeen", String.valueOf(System.getProperty(PROPERTY)));
        System.setProperty(PROPERTY, "set by an earlier job");
        if ("true".equals(context.params().get("leaveThread"))) {
            Thread thread = new Thread(() -> {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "left-behind");
            thread.start();
        }
    }

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(() -> (Mapper<Object, Object, String, String>) (key, value, out) -> { })
                .mapOutput(Serdes.string(), Serdes.string())
                .build();
    }
}
